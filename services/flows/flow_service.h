#ifndef TORG_SERVICES_FLOWS_FLOW_SERVICE_H_
#define TORG_SERVICES_FLOWS_FLOW_SERVICE_H_

// The gRPC adapter of torg.v1.FlowService: the steering groups' figures.
// Admits the call, reads the flow ledger, puts the report together and
// suppresses its small counts for a caller who may not see every case in it.

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "services/auth/principal.h"
#include "services/edge/call_gate.h"
#include "services/flowledger/flow_ledger_reader.h"
#include "services/governance/board_ratings.h"
#include "storage/event_store.h"
#include "torg/v1/flow_service.grpc.pb.h"
#include "torg/v1/forbund_config.pb.h"

namespace torg::flows {

// The small-cell threshold k of `config` (ReportingRules): 5 when unset.
int64_t SmallCellThreshold(const v1::ForbundConfig& config);

// Whether `principal` may see every case a report on `platform_id` (empty:
// the whole förbund of `config`) counts, and so gets exact figures: a
// coordinator of that platform, or of every platform for the förbund.
bool SeesEveryCaseCounted(const auth::Principal& principal, const v1::ForbundConfig& config,
                          const std::string& platform_id);

class FlowService final : public v1::FlowService::CallbackService {
 public:
  // `store` (with flowledger::FlowLedgerProjection registered), `config`,
  // `gate` and `hasher` must outlive the service. `hasher` digests the
  // board's rating requests for idempotency, as the case work's; `clock`
  // gives today for their decision dates.
  FlowService(storage::EventStore& store, const v1::ForbundConfig& config,
              const edge::CallGate& gate, const sealing::LookupHasher& hasher, common::Clock clock);

  grpc::ServerUnaryReactor* GetPeriodReport(grpc::CallbackServerContext* context,
                                            const v1::GetPeriodReportRequest* request,
                                            v1::GetPeriodReportResponse* response) override;
  grpc::ServerUnaryReactor* GetTrend(grpc::CallbackServerContext* context,
                                     const v1::GetTrendRequest* request,
                                     v1::GetTrendResponse* response) override;
  grpc::ServerUnaryReactor* GetLeadTimes(grpc::CallbackServerContext* context,
                                         const v1::GetLeadTimesRequest* request,
                                         v1::GetLeadTimesResponse* response) override;
  grpc::ServerUnaryReactor* GetHandoverFlows(grpc::CallbackServerContext* context,
                                             const v1::GetHandoverFlowsRequest* request,
                                             v1::GetHandoverFlowsResponse* response) override;
  grpc::ServerUnaryReactor* GetFlowGraph(grpc::CallbackServerContext* context,
                                         const v1::GetFlowGraphRequest* request,
                                         v1::GetFlowGraphResponse* response) override;
  grpc::ServerUnaryReactor* GetBoardReport(grpc::CallbackServerContext* context,
                                           const v1::GetBoardReportRequest* request,
                                           v1::GetBoardReportResponse* response) override;
  // The board review: served here, decided in services/governance.
  grpc::ServerUnaryReactor* RecordBoardRating(grpc::CallbackServerContext* context,
                                              const v1::RecordBoardRatingRequest* request,
                                              v1::RecordBoardRatingResponse* response) override;
  grpc::ServerUnaryReactor* ListBoardRatings(grpc::CallbackServerContext* context,
                                             const v1::ListBoardRatingsRequest* request,
                                             v1::ListBoardRatingsResponse* response) override;

 private:
  absl::StatusOr<v1::GetPeriodReportResponse> Report(const v1::GetPeriodReportRequest& request,
                                                     const auth::Principal& principal) const;
  absl::StatusOr<v1::GetTrendResponse> Trend(const v1::GetTrendRequest& request,
                                             const auth::Principal& principal) const;
  absl::StatusOr<v1::GetLeadTimesResponse> LeadTimes(const v1::GetLeadTimesRequest& request,
                                                     const auth::Principal& principal) const;
  absl::StatusOr<v1::GetHandoverFlowsResponse> HandoverFlows(
      const v1::GetHandoverFlowsRequest& request, const auth::Principal& principal) const;
  absl::StatusOr<v1::GetFlowGraphResponse> FlowGraph(const v1::GetFlowGraphRequest& request,
                                                     const auth::Principal& principal) const;
  // Protected for the board whoever asks: the file is passed on.
  absl::StatusOr<v1::GetBoardReportResponse> BoardReport(
      const v1::GetBoardReportRequest& request) const;
  // The report of `query` for `principal`, suppressed unless they see every
  // case it counts; also returns the counts' log position through the
  // response.
  absl::StatusOr<v1::GetPeriodReportResponse> ReportFor(const flowledger::PeriodQuery& query,
                                                        const auth::Principal& principal) const;

  storage::EventStore& store_;
  const v1::ForbundConfig& config_;
  const edge::CallGate& gate_;
  const governance::BoardRatings board_ratings_;
};

}  // namespace torg::flows

#endif  // TORG_SERVICES_FLOWS_FLOW_SERVICE_H_
