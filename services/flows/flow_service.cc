#include "services/flows/flow_service.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/casefile/case_state.h"
#include "services/casefile/forbund_lookup.h"
#include "services/common/status_macros.h"
#include "services/edge/gated_call.h"
#include "services/flowledger/flow_ledger_reader.h"
#include "services/flows/board_report.h"
#include "services/flows/flow_graph.h"
#include "services/flows/handover_flows.h"
#include "services/flows/lead_times.h"
#include "services/flows/period_report.h"
#include "services/flows/trend_periods.h"

namespace torg::flows {

namespace {

constexpr int64_t kDefaultSmallCellThreshold = 5;

absl::StatusOr<absl::CivilDay> RequiredDay(const v1::Date& date, bool present, const char* field) {
  if (!present) return absl::InvalidArgumentError(absl::StrCat(field, " is required"));
  std::optional<absl::CivilDay> day = casefile::ToCivilDay(date);
  if (!day.has_value()) {
    return absl::InvalidArgumentError(absl::StrCat(field, " ", date.year(), "-", date.month(), "-",
                                                   date.day(), " is not a valid date"));
  }
  return *day;
}

absl::Status CheckPlatform(const v1::ForbundConfig& config, const std::string& platform_id) {
  if (platform_id.empty()) return absl::OkStatus();
  return casefile::KnownPlatform(config, platform_id).status();
}

// Sets where `query` is cut in the log from `as_of` (unset: now).
absl::Status SetAsOf(const v1::AsOf& as_of, flowledger::PeriodQuery& query) {
  switch (as_of.point_case()) {
    case v1::AsOf::kLogPosition:
      query.as_of_position = as_of.log_position();
      break;
    case v1::AsOf::kRecordedByEndOf: {
      TORG_ASSIGN_OR_RETURN(query.as_of_recorded_day, RequiredDay(as_of.recorded_by_end_of(), true,
                                                                  "as_of.recorded_by_end_of"));
      break;
    }
    case v1::AsOf::POINT_NOT_SET:
      break;
  }
  return absl::OkStatus();
}

absl::StatusOr<flowledger::PeriodQuery> ToQuery(const v1::GetPeriodReportRequest& request,
                                                const v1::ForbundConfig& config) {
  TORG_RETURN_IF_ERROR(CheckPlatform(config, request.platform_id()));
  flowledger::PeriodQuery query;
  query.platform_id = request.platform_id();
  TORG_ASSIGN_OR_RETURN(query.first_day,
                        RequiredDay(request.first_day(), request.has_first_day(), "first_day"));
  TORG_ASSIGN_OR_RETURN(query.last_day,
                        RequiredDay(request.last_day(), request.has_last_day(), "last_day"));
  TORG_RETURN_IF_ERROR(SetAsOf(request.as_of(), query));
  return query;
}

}  // namespace

namespace {

// When the event at `position` was recorded.
absl::StatusOr<absl::Time> RecordedAt(storage::EventStore& store, uint64_t position) {
  TORG_ASSIGN_OR_RETURN(const std::vector<storage::RecordedEvent> events,
                        store.ReadAll(position, 1));
  if (events.empty() || events.front().position != position) {
    return absl::InternalError(absl::StrCat("the log has no event at position ", position));
  }
  return events.front().recorded_at;
}

}  // namespace

int64_t SmallCellThreshold(const v1::ForbundConfig& config) {
  const uint32_t configured = config.reporting().small_cell_threshold();
  return configured == 0 ? kDefaultSmallCellThreshold : static_cast<int64_t>(configured);
}

bool SeesEveryCaseCounted(const auth::Principal& principal, const v1::ForbundConfig& config,
                          const std::string& platform_id) {
  if (!principal.HasRole(auth::Role::kCoordinator)) return false;
  if (!platform_id.empty()) return principal.WorksOnPlatform(platform_id);
  for (const v1::Platform& platform : config.platforms()) {
    if (!principal.WorksOnPlatform(platform.id())) return false;
  }
  return true;
}

FlowService::FlowService(storage::EventStore& store, const v1::ForbundConfig& config,
                         const edge::CallGate& gate, const sealing::LookupHasher& hasher,
                         common::Clock clock)
    : store_(store),
      config_(config),
      gate_(gate),
      board_ratings_(store, config, hasher, std::move(clock)) {}

grpc::ServerUnaryReactor* FlowService::GetPeriodReport(grpc::CallbackServerContext* context,
                                                       const v1::GetPeriodReportRequest* request,
                                                       v1::GetPeriodReportResponse* response) {
  return edge::Serve(
      context, gate_, "/torg.v1.FlowService/GetPeriodReport", *request, response,
      [=](const edge::AdmittedCall& call) { return Report(*request, call.principal); });
}

grpc::ServerUnaryReactor* FlowService::GetTrend(grpc::CallbackServerContext* context,
                                                const v1::GetTrendRequest* request,
                                                v1::GetTrendResponse* response) {
  return edge::Serve(
      context, gate_, "/torg.v1.FlowService/GetTrend", *request, response,
      [=](const edge::AdmittedCall& call) { return Trend(*request, call.principal); });
}

absl::StatusOr<v1::GetPeriodReportResponse> FlowService::Report(
    const v1::GetPeriodReportRequest& request, const auth::Principal& principal) const {
  TORG_ASSIGN_OR_RETURN(flowledger::PeriodQuery query, ToQuery(request, config_));
  return ReportFor(query, principal);
}

absl::StatusOr<v1::GetTrendResponse> FlowService::Trend(const v1::GetTrendRequest& request,
                                                        const auth::Principal& principal) const {
  TORG_RETURN_IF_ERROR(CheckPlatform(config_, request.platform_id()));
  TORG_ASSIGN_OR_RETURN(const absl::CivilDay from,
                        RequiredDay(request.from_day(), request.has_from_day(), "from_day"));
  TORG_ASSIGN_OR_RETURN(const absl::CivilDay to,
                        RequiredDay(request.to_day(), request.has_to_day(), "to_day"));
  TORG_ASSIGN_OR_RETURN(const std::vector<CalendarPeriod> periods,
                        TrendPeriods(from, to, request.granularity()));
  flowledger::PeriodQuery query;
  query.platform_id = request.platform_id();
  TORG_RETURN_IF_ERROR(SetAsOf(request.as_of(), query));
  v1::GetTrendResponse trend;
  for (const CalendarPeriod& period : periods) {
    query.first_day = period.first_day;
    query.last_day = period.last_day;
    TORG_ASSIGN_OR_RETURN(v1::GetPeriodReportResponse report, ReportFor(query, principal));
    // Every later period is cut where the first was, so that appends
    // committing meanwhile cannot make the periods disagree. (An empty log
    // has no position to cut at.)
    if (trend.periods().empty() && report.log_position() > 0) {
      query.as_of_position = report.log_position();
      query.as_of_recorded_day.reset();
    }
    *trend.add_periods() = std::move(report);
  }
  return trend;
}

absl::StatusOr<v1::GetPeriodReportResponse> FlowService::ReportFor(
    const flowledger::PeriodQuery& query, const auth::Principal& principal) const {
  TORG_ASSIGN_OR_RETURN(flowledger::PeriodCounts counts,
                        flowledger::ReadPeriodCounts(store_, query));
  v1::GetPeriodReportResponse report = BuildPeriodReport(query, counts);
  if (SeesEveryCaseCounted(principal, config_, query.platform_id)) return report;
  absl::Status suppressed = SuppressSmallCounts(SmallCellThreshold(config_), report);
  if (!suppressed.ok()) {
    // The ledger's counts break the definitions' sums: a defect, not the
    // caller's mistake, and nothing unsuppressed may leave.
    return absl::InternalError(
        absl::StrCat("the period report could not be protected: ", suppressed.message()));
  }
  return report;
}

grpc::ServerUnaryReactor* FlowService::RecordBoardRating(
    grpc::CallbackServerContext* context, const v1::RecordBoardRatingRequest* request,
    v1::RecordBoardRatingResponse* response) {
  return edge::Serve(context, gate_, "/torg.v1.FlowService/RecordBoardRating", *request, response,
                     [=](const edge::AdmittedCall& call) {
                       return board_ratings_.Record(*request, call.principal.user_id);
                     });
}

grpc::ServerUnaryReactor* FlowService::ListBoardRatings(grpc::CallbackServerContext* context,
                                                        const v1::ListBoardRatingsRequest* request,
                                                        v1::ListBoardRatingsResponse* response) {
  return edge::Serve(context, gate_, "/torg.v1.FlowService/ListBoardRatings", *request, response,
                     [=](const edge::AdmittedCall&) { return board_ratings_.List(*request); });
}

namespace {

// The period of a lead-time or handover-flow request: the same fields as a
// period report's, checked by the same rules.
template <class PeriodRequest>
absl::StatusOr<flowledger::PeriodQuery> PeriodQueryOf(const PeriodRequest& request,
                                                      const v1::ForbundConfig& config) {
  v1::GetPeriodReportRequest period;
  period.set_platform_id(request.platform_id());
  if (request.has_first_day()) *period.mutable_first_day() = request.first_day();
  if (request.has_last_day()) *period.mutable_last_day() = request.last_day();
  if (request.has_as_of()) *period.mutable_as_of() = request.as_of();
  return ToQuery(period, config);
}

}  // namespace

grpc::ServerUnaryReactor* FlowService::GetLeadTimes(grpc::CallbackServerContext* context,
                                                    const v1::GetLeadTimesRequest* request,
                                                    v1::GetLeadTimesResponse* response) {
  return edge::Serve(
      context, gate_, "/torg.v1.FlowService/GetLeadTimes", *request, response,
      [=](const edge::AdmittedCall& call) { return LeadTimes(*request, call.principal); });
}

grpc::ServerUnaryReactor* FlowService::GetHandoverFlows(grpc::CallbackServerContext* context,
                                                        const v1::GetHandoverFlowsRequest* request,
                                                        v1::GetHandoverFlowsResponse* response) {
  return edge::Serve(
      context, gate_, "/torg.v1.FlowService/GetHandoverFlows", *request, response,
      [=](const edge::AdmittedCall& call) { return HandoverFlows(*request, call.principal); });
}

absl::StatusOr<v1::GetLeadTimesResponse> FlowService::LeadTimes(
    const v1::GetLeadTimesRequest& request, const auth::Principal& principal) const {
  TORG_ASSIGN_OR_RETURN(flowledger::PeriodQuery query, PeriodQueryOf(request, config_));
  TORG_ASSIGN_OR_RETURN(flowledger::LeadTimeCounts counts,
                        flowledger::ReadLeadTimes(store_, query));
  v1::GetLeadTimesResponse response = BuildLeadTimes(query, counts);
  if (SeesEveryCaseCounted(principal, config_, query.platform_id)) return response;
  absl::Status suppressed = SuppressLeadTimes(SmallCellThreshold(config_), response);
  if (!suppressed.ok()) {
    // As for the period report: a defect, and nothing unprotected may leave.
    return absl::InternalError(
        absl::StrCat("the lead times could not be protected: ", suppressed.message()));
  }
  return response;
}

absl::StatusOr<v1::GetHandoverFlowsResponse> FlowService::HandoverFlows(
    const v1::GetHandoverFlowsRequest& request, const auth::Principal& principal) const {
  TORG_ASSIGN_OR_RETURN(flowledger::PeriodQuery query, PeriodQueryOf(request, config_));
  TORG_ASSIGN_OR_RETURN(flowledger::HandoverFlowCounts counts,
                        flowledger::ReadHandoverFlows(store_, query));
  v1::GetHandoverFlowsResponse response = BuildHandoverFlows(query, counts);
  if (SeesEveryCaseCounted(principal, config_, query.platform_id)) return response;
  absl::Status suppressed = SuppressHandoverFlows(SmallCellThreshold(config_), response);
  if (!suppressed.ok()) {
    // As for the period report: a defect, and nothing unprotected may leave.
    return absl::InternalError(
        absl::StrCat("the handover flows could not be protected: ", suppressed.message()));
  }
  return response;
}

grpc::ServerUnaryReactor* FlowService::GetFlowGraph(grpc::CallbackServerContext* context,
                                                    const v1::GetFlowGraphRequest* request,
                                                    v1::GetFlowGraphResponse* response) {
  return edge::Serve(
      context, gate_, "/torg.v1.FlowService/GetFlowGraph", *request, response,
      [=](const edge::AdmittedCall& call) { return FlowGraph(*request, call.principal); });
}

absl::StatusOr<v1::GetFlowGraphResponse> FlowService::FlowGraph(
    const v1::GetFlowGraphRequest& request, const auth::Principal& principal) const {
  TORG_ASSIGN_OR_RETURN(flowledger::PeriodQuery query, PeriodQueryOf(request, config_));
  std::vector<std::string> scope;
  if (query.platform_id.empty()) {
    for (const v1::Platform& platform : config_.platforms()) scope.push_back(platform.id());
  } else {
    scope.push_back(query.platform_id);
  }
  // The handover flows first: every later read is cut where they were, so
  // that appends committing meanwhile cannot make the parts disagree. (An
  // empty log has no position to cut at.)
  FlowGraphCounts counts;
  TORG_ASSIGN_OR_RETURN(counts.handovers, flowledger::ReadHandoverFlows(store_, query));
  counts.log_position = counts.handovers.log_position;
  flowledger::PeriodQuery platform_query = query;
  if (counts.log_position > 0) {
    platform_query.as_of_position = counts.log_position;
    platform_query.as_of_recorded_day.reset();
  }
  for (const std::string& platform_id : scope) {
    platform_query.platform_id = platform_id;
    TORG_ASSIGN_OR_RETURN(flowledger::PeriodCounts period,
                          flowledger::ReadPeriodCounts(store_, platform_query));
    counts.platforms.emplace_back(platform_id, std::move(period));
  }
  TORG_ASSIGN_OR_RETURN(v1::GetFlowGraphResponse graph, BuildFlowGraph(query, counts));
  if (SeesEveryCaseCounted(principal, config_, query.platform_id)) return graph;
  absl::Status suppressed = SuppressFlowGraph(SmallCellThreshold(config_), graph);
  if (!suppressed.ok()) {
    // As for the period report: a defect, and nothing unprotected may leave.
    return absl::InternalError(
        absl::StrCat("the flow graph could not be protected: ", suppressed.message()));
  }
  return graph;
}

grpc::ServerUnaryReactor* FlowService::GetBoardReport(grpc::CallbackServerContext* context,
                                                      const v1::GetBoardReportRequest* request,
                                                      v1::GetBoardReportResponse* response) {
  return edge::Serve(context, gate_, "/torg.v1.FlowService/GetBoardReport", *request, response,
                     [=](const edge::AdmittedCall&) { return BoardReport(*request); });
}

absl::StatusOr<v1::GetBoardReportResponse> FlowService::BoardReport(
    const v1::GetBoardReportRequest& request) const {
  TORG_RETURN_IF_ERROR(CheckPlatform(config_, request.platform_id()));
  TORG_ASSIGN_OR_RETURN(const CalendarPeriod days,
                        BoardReportDays(request.year(), request.period()));
  TORG_RETURN_IF_ERROR(CheckBoardReportFormat(request.format()));
  flowledger::PeriodQuery query;
  query.platform_id = request.platform_id();
  query.first_day = days.first_day;
  query.last_day = days.last_day;
  TORG_RETURN_IF_ERROR(SetAsOf(request.as_of(), query));

  BoardReportContent content;
  content.year = request.year();
  content.period = request.period();
  content.as_of_day = query.as_of_recorded_day;
  // The period report first, then the other parts cut where it was, so that
  // appends committing meanwhile cannot make them disagree. (An empty log has
  // no position to cut at.)
  TORG_ASSIGN_OR_RETURN(flowledger::PeriodCounts period_counts,
                        flowledger::ReadPeriodCounts(store_, query));
  content.period_report = BuildPeriodReport(query, period_counts);
  const uint64_t cut = content.period_report.log_position();
  if (cut > 0) {
    query.as_of_position = cut;
    query.as_of_recorded_day.reset();
    TORG_ASSIGN_OR_RETURN(content.cut_at, RecordedAt(store_, cut));
  }
  TORG_ASSIGN_OR_RETURN(flowledger::LeadTimeCounts lead_time_counts,
                        flowledger::ReadLeadTimes(store_, query));
  content.lead_times = BuildLeadTimes(query, lead_time_counts);
  TORG_ASSIGN_OR_RETURN(flowledger::HandoverFlowCounts handover_counts,
                        flowledger::ReadHandoverFlows(store_, query));
  content.handovers = BuildHandoverFlows(query, handover_counts);
  // The file is made for the board and passed on: it is protected as one
  // document for every caller, also one who may see every case counted.
  absl::Status protected_status = ProtectBoardReport(SmallCellThreshold(config_), content);
  if (!protected_status.ok()) {
    // As for the period report: a defect, and nothing unprotected may leave.
    return absl::InternalError(
        absl::StrCat("the board report could not be protected: ", protected_status.message()));
  }

  const BoardDocument document = BuildBoardDocument(content, config_);
  v1::GetBoardReportResponse response;
  response.set_platform_id(request.platform_id());
  *response.mutable_first_day() = content.period_report.first_day();
  *response.mutable_last_day() = content.period_report.last_day();
  response.set_log_position(content.period_report.log_position());
  response.set_suppression_threshold(content.period_report.suppression_threshold());
  response.set_file_name(BoardReportFileName(request.platform_id(), request.year(),
                                             request.period(), request.format()));
  response.set_media_type(BoardReportMediaType(request.format()));
  if (request.format() == v1::BOARD_REPORT_FORMAT_XLSX) {
    TORG_ASSIGN_OR_RETURN(*response.mutable_content(),
                          BoardReportXlsx(document, content.cut_at.value_or(absl::UnixEpoch())));
  } else {
    response.set_content(BoardReportCsv(document));
  }
  return response;
}

}  // namespace torg::flows
