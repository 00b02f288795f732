#include "services/handover/aging_out.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/casefile/forbund_lookup.h"
#include "services/casefile/participant.h"
#include "services/casefile/personnummer.h"
#include "services/caseindex/case_index_reader.h"
#include "services/common/status_macros.h"

namespace torg::handover {
namespace {

absl::StatusOr<std::vector<const v1::Platform*>> PlatformsToList(const v1::ForbundConfig& config,
                                                                 const std::string& platform_id) {
  std::vector<const v1::Platform*> platforms;
  if (!platform_id.empty()) {
    const v1::Platform* platform = casefile::FindPlatform(config, platform_id);
    if (platform == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("platform ", platform_id, " is not one of the förbund's"));
    }
    platforms.push_back(platform);
    return platforms;
  }
  for (const v1::Platform& platform : config.platforms()) {
    if (platform.kind() == v1::PLATFORM_KIND_YOUTH) platforms.push_back(&platform);
  }
  return platforms;
}

// The day the participant reaches `age`, as casefile::DayReachingAge counts
// it; only the candidates' identities are opened.
absl::StatusOr<absl::CivilDay> DayReachingAge(const casework::CaseWork& work,
                                              const std::string& participant_id, int age) {
  TORG_ASSIGN_OR_RETURN(casework::LoadedParticipant participant,
                        work.LoadParticipant(participant_id));
  TORG_ASSIGN_OR_RETURN(std::optional<casefile::Personnummer> number, work.NumberOf(participant));
  return casefile::DayReachingAge(participant.state, number, age);
}

absl::Status CollectPlatform(const casework::CaseWork& work, const v1::Platform& platform,
                             absl::CivilDay as_of, int within_days,
                             std::vector<v1::AgingOutItem>& items) {
  const int limit_age = static_cast<int>(platform.age_range().max_years()) + 1;
  const absl::CivilDay horizon = as_of + within_days;
  TORG_ASSIGN_OR_RETURN(std::vector<v1::CaseSummary> cases,
                        work.index().OpenCasesOnPlatform(platform.id()));
  for (const v1::CaseSummary& summary : cases) {
    TORG_ASSIGN_OR_RETURN(std::optional<caseindex::ParticipantFacts> facts,
                          work.index().GetParticipantFacts(summary.participant_id()));
    if (!facts.has_value()) continue;
    // Cheap filter before opening anything: someone who reaches the limit
    // age only after the horizon's year cannot age out before it.
    if (facts->birth_year + limit_age > horizon.year()) continue;
    TORG_ASSIGN_OR_RETURN(absl::CivilDay day,
                          DayReachingAge(work, summary.participant_id(), limit_age));
    if (day > horizon) continue;
    v1::AgingOutItem item;
    item.set_case_id(summary.case_id());
    item.set_participant_id(summary.participant_id());
    item.set_platform_id(platform.id());
    *item.mutable_ages_out_on() = casefile::ToProtoDate(day);
    item.set_days_left(static_cast<int32_t>(day - as_of));
    item.set_handover_pending(summary.has_pending_handover());
    if (summary.has_owner()) *item.mutable_owner() = summary.owner();
    items.push_back(std::move(item));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<v1::AgingOutItem>> ListAgingOut(const casework::CaseWork& work,
                                                           const std::string& platform_id,
                                                           absl::CivilDay as_of, int within_days) {
  TORG_ASSIGN_OR_RETURN(std::vector<const v1::Platform*> platforms,
                        PlatformsToList(work.config(), platform_id));
  std::vector<v1::AgingOutItem> items;
  for (const v1::Platform* platform : platforms) {
    TORG_RETURN_IF_ERROR(CollectPlatform(work, *platform, as_of, within_days, items));
  }
  std::sort(items.begin(), items.end(), [](const v1::AgingOutItem& a, const v1::AgingOutItem& b) {
    if (a.days_left() != b.days_left()) return a.days_left() < b.days_left();
    return a.case_id() < b.case_id();
  });
  return items;
}

}  // namespace torg::handover
