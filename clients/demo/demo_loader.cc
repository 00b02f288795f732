#include "clients/demo/demo_loader.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <ostream>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "clients/demo/demo_client.h"
#include "clients/demo/journey.h"
#include "clients/demo/synthetic_people.h"
#include "services/common/status_macros.h"

namespace torg::demo {
namespace {

void Add(DemoSummary& total, const DemoSummary& part) {
  total.participants += part.participants;
  total.cases += part.cases;
  total.enrolled += part.enrolled;
  total.declined += part.declined;
  total.directed += part.directed;
  total.closed += part.closed;
  total.handovers_accepted += part.handovers_accepted;
  total.handovers_rejected += part.handovers_rejected;
  total.deviations_resolved += part.deviations_resolved;
  total.follow_ups += part.follow_ups;
  total.replayed += part.replayed;
}

// Runs journeys from a shared counter until all are done or one fails.
class Workers {
 public:
  Workers(Client& client, const Forbund& forbund, const DemoOptions& options,
          std::ostream& progress)
      : client_(client), forbund_(forbund), options_(options), progress_(progress) {}

  absl::Status Run() {
    std::vector<std::thread> threads;
    for (int t = 0; t < std::max(1, options_.concurrency); ++t) {
      threads.emplace_back([this] { Work(); });
    }
    for (std::thread& thread : threads) thread.join();
    return first_error_;
  }

  const DemoSummary& summary() const { return summary_; }

 private:
  void Work() {
    DemoSummary mine;
    for (int index = next_.fetch_add(1); index < options_.participants && !failed_.load();
         index = next_.fetch_add(1)) {
      absl::Status status = Journey(client_, forbund_, options_, index, mine).Run();
      std::lock_guard<std::mutex> lock(mutex_);
      if (!status.ok() && first_error_.ok()) {
        first_error_ = status;
        failed_.store(true);
      }
      if (++done_ % 50 == 0) {
        progress_ << "  " << done_ << " of " << options_.participants << " participants\n";
        progress_.flush();
      }
    }
    std::lock_guard<std::mutex> lock(mutex_);
    Add(summary_, mine);
  }

  Client& client_;
  const Forbund& forbund_;
  const DemoOptions& options_;
  std::ostream& progress_;
  std::atomic<int> next_{0};
  std::atomic<bool> failed_{false};
  std::mutex mutex_;
  int done_ = 0;
  absl::Status first_error_;
  DemoSummary summary_;
};

bool IsCoordinatorOnEvery(const v1::PrincipalView& principal, const v1::ForbundConfig& config) {
  const auto& roles = principal.roles();
  if (std::find(roles.begin(), roles.end(), "coordinator") == roles.end()) return false;
  const auto& mine = principal.platform_ids();
  return std::all_of(config.platforms().begin(), config.platforms().end(),
                     [&mine](const v1::Platform& platform) {
                       return std::find(mine.begin(), mine.end(), platform.id()) != mine.end();
                     });
}

bool HasRole(const v1::PrincipalView& principal, absl::string_view role) {
  return std::find(principal.roles().begin(), principal.roles().end(), role) !=
         principal.roles().end();
}

// A token torgd issues, for the demo's run, to `principal`.
absl::StatusOr<std::string> Issue(Client& client, v1::PrincipalView principal) {
  v1::IssueTokenRequest request;
  const std::string user = principal.user_id();
  *request.mutable_principal() = std::move(principal);
  request.set_lifetime_seconds(kDemoTokenLifetimeSeconds);
  v1::IssueTokenResponse issued;
  TORG_RETURN_IF_ERROR(client.Call(*client.access, &v1::AccessService::Stub::IssueToken, request,
                                   issued, absl::StrCat("issuing a token for ", user)));
  return issued.token();
}

// Chooses the tokens the journeys work with (see LoadDemo).
absl::Status ChooseTokens(Client& client, const v1::ForbundConfig& config, std::ostream& progress) {
  v1::WhoAmIResponse who;
  TORG_RETURN_IF_ERROR(client.Call(*client.access, &v1::AccessService::Stub::WhoAmI,
                                   v1::WhoAmIRequest(), who, "asking torgd who you are"));
  const v1::PrincipalView& caller = who.principal();
  // IssueToken is for admins only: asking without the role would only be
  // refused.
  if (!HasRole(caller, "admin")) {
    if (IsCoordinatorOnEvery(caller, config)) return absl::OkStatus();
    return absl::FailedPreconditionError(absl::StrCat(
        "the demo works cases as a coordinator on every platform, and you (", caller.user_id(),
        ", roles: ", caller.roles().empty() ? "none" : absl::StrJoin(caller.roles(), ", "),
        ") are not one and may not issue tokens either. Run it with the admin token of the "
        "torgd (a local torgd writes it to torg-keys/admin.token; --keys-dir DIR or "
        "--token-file FILE), or with a coordinator's token for every platform"));
  }
  v1::PrincipalView coordinator;
  coordinator.set_user_id(kDemoCoordinator);
  coordinator.add_roles("coordinator");
  for (const v1::Platform& platform : config.platforms())
    coordinator.add_platform_ids(platform.id());
  // Every token is issued with the caller's, before any replaces it.
  TORG_ASSIGN_OR_RETURN(std::string token, Issue(client, std::move(coordinator)));
  for (const v1::Party& party : config.parties()) {
    v1::PrincipalView officer;
    officer.set_user_id(absl::StrCat(kDemoPartyOfficerPrefix, party.id()));
    officer.add_roles("party_officer");
    officer.set_party_id(party.id());
    TORG_ASSIGN_OR_RETURN(std::string party_token, Issue(client, std::move(officer)));
    client.set_party_token(party.id(), std::move(party_token));
  }
  client.set_token(std::move(token));
  progress << "Working cases as " << kDemoCoordinator << " (coordinator on every platform) and "
           << kDemoPartyOfficerPrefix << "<party> (each party's officer), with tokens "
           << caller.user_id() << " issued.\n";
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<DemoSummary> LoadDemo(const std::shared_ptr<grpc::Channel>& channel,
                                     const DemoOptions& options, std::ostream& progress,
                                     CallObserver observer) {
  if (options.participants < 1 || options.participants > kMaxSyntheticPeople) {
    return absl::InvalidArgumentError(
        absl::StrCat("the demo loads 1 to ", kMaxSyntheticPeople, " participants"));
  }
  Client client(channel, options);
  v1::GetConfigResponse config;
  TORG_RETURN_IF_ERROR(client.Call(*client.config, &v1::ConfigService::Stub::GetConfig,
                                   v1::GetConfigRequest(), config, "reading the configuration"));
  TORG_ASSIGN_OR_RETURN(Forbund forbund, ReadForbund(config.config()));
  TORG_RETURN_IF_ERROR(ChooseTokens(client, config.config(), progress));
  progress << "Loading " << options.participants << " synthetic participants of "
           << config.config().name() << ", the year up to " << options.last_day << " …\n";
  client.set_observer(std::move(observer));
  Workers workers(client, forbund, options, progress);
  TORG_RETURN_IF_ERROR(workers.Run());
  DemoSummary summary = workers.summary();
  summary.calls = client.calls.load();
  return summary;
}

}  // namespace torg::demo
