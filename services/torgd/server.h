#ifndef TORG_SERVICES_TORGD_SERVER_H_
#define TORG_SERVICES_TORGD_SERVER_H_

// The all-in-one server: every service of Torg in one process, on one gRPC
// port, over one embedded event store. torgd's main is a thin shell around it,
// and tests start it in-process.

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/access_service/access_service.h"
#include "services/assessment/assessment_service.h"
#include "services/audit/audit_service.h"
#include "services/audit/audit_trail.h"
#include "services/bulkimport/import_service.h"
#include "services/case_reading/case_file_service.h"
#include "services/casework/case_work.h"
#include "services/casework/participant_vault.h"
#include "services/casework/record_facts.h"
#include "services/closure/closure_service.h"
#include "services/common/swedish_calendar.h"
#include "services/config/config_service.h"
#include "services/coordination/coordination_service.h"
#include "services/edge/authenticator.h"
#include "services/edge/call_gate.h"
#include "services/edge/handler_pool.h"
#include "services/erasure/erasure_service.h"
#include "services/export/export_service.h"
#include "services/flows/flow_service.h"
#include "services/handover/handover_service.h"
#include "services/intake/intake_service.h"
#include "services/sealing/lookup_hasher.h"
#include "services/torgd/server_access.h"
#include "storage/embedded_event_store.h"
#include "torg/v1/forbund_config.pb.h"

namespace torg::torgd {

struct ServerOptions {
  // HOST:PORT to listen on, e.g. "127.0.0.1:7070" or "[::1]:7070". Port 0
  // picks a free port; listen_address() tells which.
  std::string listen_address = "127.0.0.1:7070";
  // The event store's directory; created if missing.
  std::string data_directory = "./torg-data";
  // Where the master key (master.key) and the lookup secret (lookup.key)
  // live; both are created on first start. Keep it apart from the data (and
  // from its backups): whoever has both can read every participant's data.
  std::string keys_directory = "./torg-keys";
  // Where the services read the time; tests pin it. absl::Now when empty.
  common::Clock clock;
  // The förbund the server hosts, already validated (see services/config).
  torg::v1::ForbundConfig config;
  storage::Durability durability = storage::Durability::kSynced;
  // Who may call: TLS, trusted token issuers, --insecure-dev.
  AccessOptions access;
};

class TorgServer {
  struct PrivateKey {};

 public:
  // Opens the store, then listens and serves: every service, the standard
  // health service (SERVING once this returns) and server reflection.
  // Errors, after which nothing is left open or bound:
  //   INVALID_ARGUMENT     listen_address is not HOST:PORT;
  //   UNAVAILABLE          the address cannot be bound (in use, not local);
  //   the store's errors   e.g. FAILED_PRECONDITION when another process has
  //                        the data directory open.
  static absl::StatusOr<std::unique_ptr<TorgServer>> Start(ServerOptions options);

  // Only for Start.
  TorgServer(PrivateKey, ServerOptions options);
  TorgServer(const TorgServer&) = delete;
  TorgServer& operator=(const TorgServer&) = delete;

  // Shuts down with the default grace period if Shutdown was not called.
  ~TorgServer();

  // Reports NOT_SERVING on the health service, stops accepting calls, lets
  // calls in flight finish for up to `grace` (then cancels them), and closes
  // the store. Idempotent; call it from one thread.
  void Shutdown(absl::Duration grace = absl::Seconds(10));

  // The address actually bound, with the port filled in when 0 was asked for,
  // e.g. "127.0.0.1:41357".
  const std::string& listen_address() const { return bound_address_; }
  int port() const { return port_; }
  // Where the admin token of this run was written.
  const std::string& admin_token_path() const { return access_.admin_token_path; }
  // Signs tokens as torgd's own issuer, for in-process tests and tools.
  const auth::TokenMinter& token_minter() const { return *access_.minter; }
  const std::string& data_directory() const { return options_.data_directory; }
  const torg::v1::ForbundConfig& config() const { return options_.config; }
  // The event store the services write to, for in-process tools and tests
  // (e.g. to check that a rejected command wrote nothing). Valid until
  // Shutdown.
  storage::EventStore& store() const { return *store_; }
  // The store's last position when the server started.
  uint64_t start_position() const { return start_position_; }

 private:
  absl::Status OpenStore();
  absl::Status OpenCaseWork();
  absl::StatusOr<sealing::SecretKey> LoadKey(const std::string& file_name) const;
  absl::Status PrepareAccess();
  absl::Status Listen();

  ServerOptions options_;
  std::unique_ptr<storage::EmbeddedEventStore> store_;
  std::unique_ptr<casework::ParticipantVault> vault_;
  std::unique_ptr<sealing::LookupHasher> lookup_hasher_;
  std::unique_ptr<casework::CaseWork> case_work_;
  ServerAccess access_;
  std::unique_ptr<audit::AuditTrail> audit_trail_;
  std::unique_ptr<casework::CaseWorkRecordFacts> record_facts_;
  std::unique_ptr<edge::Authenticator> authenticator_;
  std::unique_ptr<edge::HandlerPool> handler_pool_;
  std::unique_ptr<edge::CallGate> gate_;
  std::unique_ptr<access::AccessService> access_service_;
  std::unique_ptr<audit::AuditService> audit_service_;
  std::unique_ptr<config::ConfigService> config_service_;
  std::unique_ptr<intake::IntakeService> intake_service_;
  std::unique_ptr<assessment::AssessmentService> assessment_service_;
  std::unique_ptr<coordination::CoordinationService> coordination_service_;
  std::unique_ptr<handover::HandoverService> handover_service_;
  std::unique_ptr<closure::ClosureService> closure_service_;
  std::unique_ptr<case_reading::CaseFileService> case_file_service_;
  std::unique_ptr<erasure::ErasureService> erasure_service_;
  std::unique_ptr<bulkimport::ImportService> import_service_;
  std::unique_ptr<flows::FlowService> flow_service_;
  std::unique_ptr<exporting::ExportService> export_service_;
  std::unique_ptr<grpc::Server> grpc_server_;
  std::string bound_address_;
  int port_ = 0;
  uint64_t start_position_ = 0;
};

}  // namespace torg::torgd

#endif  // TORG_SERVICES_TORGD_SERVER_H_
