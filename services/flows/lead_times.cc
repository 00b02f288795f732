#include "services/flows/lead_times.h"

#include <algorithm>
#include <array>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/disclosure/suppression.h"

namespace torg::flows {

namespace {

int32_t ClampedLeadDays(int64_t days) {
  return static_cast<int32_t>(std::clamp<int64_t>(days, std::numeric_limits<int32_t>::min(),
                                                  std::numeric_limits<int32_t>::max()));
}

v1::Date LeadTimesProtoDate(absl::CivilDay day) {
  v1::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

}  // namespace

v1::LeadTime BuildLeadTime(const flowledger::DurationHistogram& histogram) {
  v1::LeadTime lead_time;
  int64_t count = 0;
  for (const auto& [days, n] : histogram) count += n;
  lead_time.mutable_count()->set_value(count);
  lead_time.set_median_days(ClampedLeadDays(flowledger::NearestRankPercentile(histogram, 50)));
  lead_time.set_p75_days(ClampedLeadDays(flowledger::NearestRankPercentile(histogram, 75)));
  lead_time.set_p90_days(ClampedLeadDays(flowledger::NearestRankPercentile(histogram, 90)));
  return lead_time;
}

v1::GetLeadTimesResponse BuildLeadTimes(const flowledger::PeriodQuery& query,
                                        const flowledger::LeadTimeCounts& counts) {
  v1::GetLeadTimesResponse response;
  response.set_platform_id(query.platform_id);
  *response.mutable_first_day() = LeadTimesProtoDate(query.first_day);
  *response.mutable_last_day() = LeadTimesProtoDate(query.last_day);
  response.set_log_position(counts.log_position);
  *response.mutable_referral_to_decision() = BuildLeadTime(counts.referral_to_decision);
  *response.mutable_decision_to_assessment() = BuildLeadTime(counts.decision_to_assessment);
  *response.mutable_assessment() = BuildLeadTime(counts.assessment);
  *response.mutable_enrolment_to_closure() = BuildLeadTime(counts.enrolment_to_closure);
  return response;
}

std::array<v1::LeadTime*, 4> LeadTimesOf(v1::GetLeadTimesResponse& response) {
  return {response.mutable_referral_to_decision(), response.mutable_decision_to_assessment(),
          response.mutable_assessment(), response.mutable_enrolment_to_closure()};
}

void WithholdSmallLeadTime(int64_t k, v1::LeadTime& lead_time) {
  if (!lead_time.count().suppressed() && lead_time.count().value() >= k) return;
  lead_time.set_median_days(0);
  lead_time.set_p75_days(0);
  lead_time.set_p90_days(0);
  lead_time.set_withheld(true);
}

absl::Status SuppressLeadTimes(int64_t k, v1::GetLeadTimesResponse& response) {
  if (k < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("the small-cell threshold must be at least 1, not ", k));
  }
  if (k == 1) return absl::OkStatus();
  const std::array<v1::LeadTime*, 4> lead_times = LeadTimesOf(response);
  // The same primary rule as every report, through the same code; the four
  // counts are in no relation, so nothing more is hidden.
  disclosure::SuppressionTable table;
  for (const v1::LeadTime* lead_time : lead_times) {
    table.counts.push_back(lead_time->count().value());
  }
  TORG_ASSIGN_OR_RETURN(disclosure::SuppressionResult result,
                        disclosure::SuppressSmallCells(table, k));
  for (size_t i = 0; i < lead_times.size(); ++i) {
    if (result.suppressed[i]) {
      lead_times[i]->mutable_count()->set_value(0);
      lead_times[i]->mutable_count()->set_suppressed(true);
    }
    WithholdSmallLeadTime(k, *lead_times[i]);
  }
  response.set_suppression_threshold(static_cast<int32_t>(k));
  return absl::OkStatus();
}

}  // namespace torg::flows
