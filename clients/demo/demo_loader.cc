#include "clients/demo/demo_loader.h"

#include <atomic>
#include <mutex>
#include <ostream>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
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

}  // namespace

absl::StatusOr<DemoSummary> LoadDemo(const std::shared_ptr<grpc::Channel>& channel,
                                     const DemoOptions& options, std::ostream& progress) {
  if (options.participants < 1 || options.participants > kMaxSyntheticPeople) {
    return absl::InvalidArgumentError(
        absl::StrCat("the demo loads 1 to ", kMaxSyntheticPeople, " participants"));
  }
  Client client(channel, options);
  v1::GetConfigResponse config;
  TORG_RETURN_IF_ERROR(client.Call(*client.config, &v1::ConfigService::Stub::GetConfig,
                                   v1::GetConfigRequest(), config, "reading the configuration"));
  TORG_ASSIGN_OR_RETURN(Forbund forbund, ReadForbund(config.config()));
  progress << "Loading " << options.participants << " synthetic participants of "
           << config.config().name() << ", the year up to " << options.last_day << " …\n";
  Workers workers(client, forbund, options, progress);
  TORG_RETURN_IF_ERROR(workers.Run());
  DemoSummary summary = workers.summary();
  summary.calls = client.calls.load();
  return summary;
}

}  // namespace torg::demo
