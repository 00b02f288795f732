#include "clients/loadgen/read_back.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/message_differencer.h"
#include "torg/v1/case_file_service.grpc.pb.h"

namespace torg::loadgen {
namespace {

class Reader {
 public:
  Reader(const std::shared_ptr<grpc::Channel>& channel, const ReadBackOptions& options)
      : stub_(v1::CaseFileService::NewStub(channel)), options_(options) {}

  // Runs `check` on every item of `items` from `concurrency` threads.
  template <class Item, class Check>
  void ForEach(const std::vector<Item>& items, Check check) {
    std::atomic<size_t> next{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < std::max(1, options_.concurrency); ++t) {
      threads.emplace_back([&] {
        for (size_t i = next.fetch_add(1); i < items.size(); i = next.fetch_add(1)) check(items[i]);
      });
    }
    for (std::thread& thread : threads) thread.join();
  }

  void CheckCase(const std::pair<std::string, AcknowledgedLog::AcknowledgedCase>& acknowledged) {
    const auto& [case_id, known] = acknowledged;
    v1::GetCaseRequest request;
    request.set_case_id(case_id);
    v1::GetCaseResponse response;
    grpc::ClientContext context;
    Prepare(context);
    const grpc::Status status = stub_->GetCase(&context, request, &response);
    std::lock_guard<std::mutex> lock(mutex_);
    ++result_.cases;
    if (!status.ok()) {
      Problem(absl::StrCat("case ", case_id, ": GetCase failed: ", status.error_message()));
      return;
    }
    const uint64_t read_version =
        response.timeline().empty() ? 0 : response.timeline().rbegin()->version();
    if (read_version < known.min_version) {
      Problem(absl::StrCat("case ", case_id, ": read at version ", read_version,
                           ", but an answer showed it at version ", known.min_version));
    }
    for (const auto& [version, step] : known.steps) {
      ++result_.steps;
      const auto found = std::find_if(
          response.timeline().begin(), response.timeline().end(),
          [&step](const v1::TimelineEntry& entry) { return entry.version() == step.version(); });
      if (found == response.timeline().end()) {
        Problem(absl::StrCat("case ", case_id, ": acknowledged step ", step.version(),
                             " is not in its timeline"));
      } else if (!google::protobuf::util::MessageDifferencer::Equals(*found, step)) {
        Problem(absl::StrCat("case ", case_id, ": step ", step.version(),
                             " differs from what was acknowledged"));
      }
    }
  }

  void CheckParticipant(const std::pair<std::string, std::set<std::string>>& acknowledged) {
    const auto& [participant_id, consents] = acknowledged;
    v1::GetParticipantRequest request;
    request.set_participant_id(participant_id);
    v1::GetParticipantResponse response;
    grpc::ClientContext context;
    Prepare(context);
    const grpc::Status status = stub_->GetParticipant(&context, request, &response);
    std::lock_guard<std::mutex> lock(mutex_);
    ++result_.participants;
    if (!status.ok()) {
      Problem(absl::StrCat("participant ", participant_id,
                           ": GetParticipant failed: ", status.error_message()));
      return;
    }
    for (const std::string& consent_id : consents) {
      ++result_.consents;
      const auto& read = response.participant().consents();
      if (std::none_of(read.begin(), read.end(), [&consent_id](const v1::ConsentView& consent) {
            return consent.consent_id() == consent_id;
          })) {
        Problem(absl::StrCat("participant ", participant_id, ": acknowledged consent ", consent_id,
                             " is missing"));
      }
    }
  }

  ReadBackResult TakeResult() { return std::move(result_); }

 private:
  static constexpr size_t kMaxProblemsListed = 50;

  void Prepare(grpc::ClientContext& context) const {
    context.set_deadline(
        std::chrono::system_clock::now() +
        std::chrono::milliseconds(static_cast<int64_t>(options_.timeout_seconds * 1000)));
    if (!options_.token.empty()) context.AddMetadata("authorization", "Bearer " + options_.token);
    context.AddMetadata("x-torg-purpose", "loadgen-read-back");
  }

  // Called with mutex_ held.
  void Problem(std::string text) {
    ++result_.problem_count;
    if (result_.problems.size() < kMaxProblemsListed) result_.problems.push_back(std::move(text));
  }

  std::unique_ptr<v1::CaseFileService::Stub> stub_;
  const ReadBackOptions& options_;
  std::mutex mutex_;
  ReadBackResult result_;
};

}  // namespace

ReadBackResult ReadBack(const std::shared_ptr<grpc::Channel>& channel, const AcknowledgedLog& log,
                        const ReadBackOptions& options) {
  Reader reader(channel, options);
  const auto acknowledged_cases = log.Cases();
  const std::vector<std::pair<std::string, AcknowledgedLog::AcknowledgedCase>> cases(
      acknowledged_cases.begin(), acknowledged_cases.end());
  reader.ForEach(cases, [&reader](const auto& item) { reader.CheckCase(item); });
  const auto participant_consents = log.ParticipantConsents();
  const std::vector<std::pair<std::string, std::set<std::string>>> participants(
      participant_consents.begin(), participant_consents.end());
  reader.ForEach(participants, [&reader](const auto& item) { reader.CheckParticipant(item); });
  return reader.TakeResult();
}

}  // namespace torg::loadgen
