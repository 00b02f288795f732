#include "services/torgd/server.h"

#include <grpc/grpc.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include <chrono>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.pb.h"
#include "services/caseindex/case_flow_projections.h"
#include "services/casework/ledger_flag_opener.h"
#include "services/common/log.h"
#include "services/common/status_macros.h"
#include "services/flowledger/flow_ledger_projection.h"
#include "services/followup/sus_ledger_projection.h"
#include "services/sealing/key_file.h"
#include "services/torgd/host_port.h"

namespace torg::torgd {
namespace {

// Reflection describes a service from the descriptors linked into the
// process. gRPC's built-in health service brings none of its own, and a
// static library's generated code is linked only when something uses it, so
// use it here.
void LinkHealthDescriptors() { grpc::health::v1::HealthCheckRequest::descriptor(); }

// The key of a store that holds data: FAILED_PRECONDITION, saying what to
// do, when its file is missing.
absl::StatusOr<sealing::SecretKey> LoadExistingKey(const std::string& keys_directory,
                                                   const std::string& data_directory,
                                                   const std::string& file_name) {
  const std::string path = keys_directory + "/" + file_name;
  absl::StatusOr<sealing::SecretKey> key = sealing::LoadKeyFile(path);
  if (absl::IsNotFound(key.status())) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the store in ", data_directory, " holds data but there is no key at ", path,
        ": give the --keys-dir it was first started with, or restore the keys from their "
        "backup. A new key would make every participant's data unreadable"));
  }
  return key;
}

}  // namespace

TorgServer::TorgServer(PrivateKey, ServerOptions options) : options_(std::move(options)) {}

TorgServer::~TorgServer() { Shutdown(); }

absl::StatusOr<std::unique_ptr<TorgServer>> TorgServer::Start(ServerOptions options) {
  TORG_RETURN_IF_ERROR(ParseHostPort(options.listen_address).status());
  auto server = std::make_unique<TorgServer>(PrivateKey{}, std::move(options));
  TORG_RETURN_IF_ERROR(server->OpenStore());
  TORG_RETURN_IF_ERROR(server->OpenCaseWork());
  TORG_RETURN_IF_ERROR(server->PrepareAccess());
  TORG_RETURN_IF_ERROR(server->Listen());
  return server;
}

absl::Status TorgServer::OpenStore() {
  storage::EmbeddedStoreOptions store_options;
  store_options.directory = options_.data_directory;
  store_options.durability = options_.durability;
  // One clock for the day a step is recorded and the services' today.
  store_options.clock = options_.clock;
  store_options.projections = caseindex::CaseFlowProjections();
  // The ledger counts the sealed flags: it opens them with the master key,
  // which exists whenever the store holds anything sealed. It may need it
  // while the store opens (to rebuild), before OpenCaseWork loads it.
  const std::string keys_directory = options_.keys_directory;
  const std::string data_directory = options_.data_directory;
  store_options.projections.push_back(std::make_shared<flowledger::FlowLedgerProjection>(
      std::make_shared<casework::LedgerFlagOpener>([keys_directory, data_directory] {
        return LoadExistingKey(keys_directory, data_directory, "master.key");
      })));
  store_options.projections.push_back(std::make_shared<followup::SusLedgerProjection>());
  TORG_ASSIGN_OR_RETURN(store_, storage::EmbeddedEventStore::Open(std::move(store_options)));
  TORG_ASSIGN_OR_RETURN(start_position_, store_->LastPosition());
  log::Info("event store opened",
            {{"data_dir", options_.data_directory}, {"position", absl::StrCat(start_position_)}});
  return absl::OkStatus();
}

absl::StatusOr<sealing::SecretKey> TorgServer::LoadKey(const std::string& file_name) const {
  // Keys are made only for an empty store. For one that holds data, a new
  // key would silently make every participant unreadable and let a
  // personnummer register twice, e.g. when torgd is started from another
  // directory with the default relative --keys-dir.
  if (start_position_ == 0) {
    return sealing::LoadOrCreateKeyFile(options_.keys_directory + "/" + file_name);
  }
  return LoadExistingKey(options_.keys_directory, options_.data_directory, file_name);
}

absl::Status TorgServer::OpenCaseWork() {
  TORG_ASSIGN_OR_RETURN(sealing::SecretKey master_key, LoadKey("master.key"));
  TORG_ASSIGN_OR_RETURN(sealing::SecretKey lookup_secret, LoadKey("lookup.key"));
  vault_ = std::make_unique<casework::ParticipantVault>(*store_, std::move(master_key));
  lookup_hasher_ = std::make_unique<sealing::LookupHasher>(std::move(lookup_secret));
  common::Clock clock = options_.clock ? options_.clock : common::SystemClock();
  case_work_ = std::make_unique<casework::CaseWork>(*store_, *vault_, *lookup_hasher_,
                                                    options_.config, std::move(clock));
  log::Info("keys loaded", {{"keys_dir", options_.keys_directory}});
  return absl::OkStatus();
}

absl::Status TorgServer::PrepareAccess() {
  const common::Clock& clock = case_work_->clock();
  TORG_ASSIGN_OR_RETURN(access_,
                        PrepareServerAccess(options_.access, options_.listen_address,
                                            options_.keys_directory, options_.config, clock()));
  audit_trail_ = std::make_unique<audit::AuditTrail>(*store_, clock);
  record_facts_ = std::make_unique<casework::CaseWorkRecordFacts>(*case_work_);
  edge::AuthenticatorOptions authentication;
  authentication.verifier = access_.verifier.get();
  if (access_.certificates.has_value()) {
    authentication.certificates = [this](absl::string_view pem) {
      return access_.certificates->PrincipalFor(pem);
    };
  }
  authentication.insecure_dev = options_.access.insecure_dev;
  authentication.dev_forbund_id = options_.config.id();
  for (const v1::Platform& platform : options_.config.platforms()) {
    authentication.dev_platform_ids.push_back(platform.id());
  }
  authenticator_ = std::make_unique<edge::Authenticator>(std::move(authentication));
  gate_ = std::make_unique<edge::CallGate>(*authenticator_, options_.config.id(), *record_facts_,
                                           *audit_trail_, clock);
  handler_pool_ = std::make_unique<edge::HandlerPool>(edge::HandlerPoolOptions{});
  gate_->set_handler_pool(handler_pool_.get());
  if (options_.access.insecure_dev) {
    log::Warning(
        "--insecure-dev: calls without credentials act as a developer with every role. Never "
        "run this with real personal data");
  }
  return absl::OkStatus();
}

absl::Status TorgServer::Listen() {
  LinkHealthDescriptors();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  config_service_ = std::make_unique<config::ConfigService>(options_.config, *gate_);
  intake_service_ = std::make_unique<intake::IntakeService>(*case_work_, *lookup_hasher_, *gate_);
  assessment_service_ = std::make_unique<assessment::AssessmentService>(*case_work_, *gate_);
  coordination_service_ = std::make_unique<coordination::CoordinationService>(*case_work_, *gate_);
  handover_service_ = std::make_unique<handover::HandoverService>(*case_work_, *gate_);
  closure_service_ = std::make_unique<closure::ClosureService>(*case_work_, *gate_);
  case_file_service_ = std::make_unique<case_reading::CaseFileService>(*case_work_, *gate_);
  erasure_service_ = std::make_unique<erasure::ErasureService>(*case_work_, *gate_);
  import_service_ = std::make_unique<bulkimport::ImportService>(*case_work_, *gate_);
  access_service_ = std::make_unique<access::AccessService>(*gate_, *access_.minter,
                                                            options_.config, case_work_->clock());
  audit_service_ = std::make_unique<audit::AuditService>(*audit_trail_, *gate_);
  flow_service_ = std::make_unique<flows::FlowService>(*store_, options_.config, *gate_,
                                                       *lookup_hasher_, case_work_->clock());
  export_service_ = std::make_unique<exporting::ExportService>(*store_, *vault_, options_.config,
                                                               *lookup_hasher_, *gate_);

  grpc::ServerBuilder builder;
  // gRPC lets a second server bind a busy port on Linux by default; a second
  // torgd must fail instead of silently sharing the port.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.AddListeningPort(options_.listen_address, access_.credentials, &port_);
  builder.RegisterService(config_service_.get());
  builder.RegisterService(intake_service_.get());
  builder.RegisterService(assessment_service_.get());
  builder.RegisterService(coordination_service_.get());
  builder.RegisterService(handover_service_.get());
  builder.RegisterService(closure_service_.get());
  builder.RegisterService(case_file_service_.get());
  builder.RegisterService(erasure_service_.get());
  builder.RegisterService(import_service_.get());
  builder.RegisterService(access_service_.get());
  builder.RegisterService(audit_service_.get());
  builder.RegisterService(flow_service_.get());
  builder.RegisterService(export_service_.get());
  grpc_server_ = builder.BuildAndStart();
  if (grpc_server_ == nullptr || port_ == 0) {
    grpc_server_.reset();
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options_.listen_address,
                     ": the address is in use or is not an address of this machine"));
  }
  if (auto* health = grpc_server_->GetHealthCheckService(); health != nullptr) {
    health->SetServingStatus(true);
  }

  TORG_ASSIGN_OR_RETURN(HostPort bound, ParseHostPort(options_.listen_address));
  bound.port = port_;
  bound_address_ = FormatHostPort(bound);
  return absl::OkStatus();
}

void TorgServer::Shutdown(absl::Duration grace) {
  if (grpc_server_ != nullptr) {
    // Clients watching health (Health/Watch) learn of the stop before the
    // server goes away; new calls are refused from here on.
    if (auto* health = grpc_server_->GetHealthCheckService(); health != nullptr) {
      health->SetServingStatus(false);
    }
    grpc_server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
    grpc_server_->Wait();
    grpc_server_.reset();
  }
  // Every call was answered; a handler may still be unwinding after its
  // answer. Joined before anything a handler uses goes away.
  if (handler_pool_ != nullptr) handler_pool_->Stop();
  export_service_.reset();
  audit_service_.reset();
  access_service_.reset();
  import_service_.reset();
  erasure_service_.reset();
  case_file_service_.reset();
  closure_service_.reset();
  handover_service_.reset();
  coordination_service_.reset();
  assessment_service_.reset();
  intake_service_.reset();
  config_service_.reset();
  gate_.reset();
  handler_pool_.reset();
  authenticator_.reset();
  record_facts_.reset();
  audit_trail_.reset();
  case_work_.reset();
  lookup_hasher_.reset();
  vault_.reset();
  // Last, so that no call still running can reach a closed store.
  store_.reset();
}

}  // namespace torg::torgd
