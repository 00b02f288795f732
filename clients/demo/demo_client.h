#ifndef TORG_CLIENTS_DEMO_DEMO_CLIENT_H_
#define TORG_CLIENTS_DEMO_DEMO_CLIENT_H_

// What the demo's journeys share: the förbund read from the server, and the
// stubs with the calls' common handling (deadline, credentials, purpose,
// errors).

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "clients/demo/demo_loader.h"
#include "torg/v1/access_service.grpc.pb.h"
#include "torg/v1/assessment_service.grpc.pb.h"
#include "torg/v1/closure_service.grpc.pb.h"
#include "torg/v1/config_service.grpc.pb.h"
#include "torg/v1/coordination_service.grpc.pb.h"
#include "torg/v1/handover_service.grpc.pb.h"
#include "torg/v1/intake_service.grpc.pb.h"

namespace torg::demo {

v1::Date ToDate(absl::CivilDay day);

// The förbund as the demo needs it: platforms by kind, parties by role.
struct Forbund {
  std::vector<v1::Platform> youth, adult, local, primary_care;
  std::string af, fk, region;
  // kommun code -> the kommun's party id
  std::vector<std::pair<std::string, std::string>> kommun_parties;

  // The party of the kommun with `code`, or "".
  std::string KommunParty(const std::string& code) const;
};

// FAILED_PRECONDITION unless the förbund has what the demo's stories need.
absl::StatusOr<Forbund> ReadForbund(const v1::ForbundConfig& config);

// The stubs, and the calls' common handling.
class Client {
 public:
  Client(const std::shared_ptr<grpc::Channel>& channel, const DemoOptions& options);

  // Calls `method` with the token of every call (set_token); a failure
  // becomes an absl::Status prefixed with `what`. A transient failure
  // (UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED) is retried up to kRetries times, after
  // 100 ms, then 200, 400 …, with the very same request. That is safe
  // because every write carries its request id: if an attempt did get
  // through (its answer was lost, or came after the deadline), the server
  // answers the retry with what it recorded then, marked replayed, and
  // records nothing twice. Reads are safe to repeat anyway. Counts as one
  // call however many attempts it takes.
  template <class Stub, class Request, class Response>
  absl::Status Call(Stub& stub,
                    grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                    const Request& request, Response& response, const std::string& what) {
    return CallWith(token_, stub, method, request, response, what);
  }

  // As Call, as an officer of `party_id` (set_party_token) when the demo has
  // a token for one, else with the token of every call: for the steps only
  // the receiving party may take: answering a handover of a case's
  // ownership, or to its ordinary services.
  template <class Stub, class Request, class Response>
  absl::Status CallAsParty(const std::string& party_id, Stub& stub,
                           grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                        Response*),
                           const Request& request, Response& response, const std::string& what) {
    const auto found = party_tokens_.find(party_id);
    return CallWith(found == party_tokens_.end() ? token_ : found->second, stub, method, request,
                    response, what);
  }

  std::unique_ptr<v1::IntakeService::Stub> intake;
  std::unique_ptr<v1::AssessmentService::Stub> assessment;
  std::unique_ptr<v1::CoordinationService::Stub> coordination;
  std::unique_ptr<v1::HandoverService::Stub> handover;
  std::unique_ptr<v1::ClosureService::Stub> closure;
  std::unique_ptr<v1::ConfigService::Stub> config;
  std::unique_ptr<v1::AccessService::Stub> access;
  std::atomic<int> calls{0};

  // Makes every later call send `token` (none when empty) instead of
  // options.token. Not thread-safe: call it before the journeys start.
  void set_token(std::string token) { token_ = std::move(token); }
  // Makes every later call report to `observer`. Not thread-safe either.
  void set_observer(CallObserver observer) { observer_ = std::move(observer); }
  // Makes CallAsParty(party_id, ...) send `token`. Not thread-safe either.
  void set_party_token(const std::string& party_id, std::string token) {
    party_tokens_[party_id] = std::move(token);
  }

 private:
  static constexpr int kRetries = 5;
  static constexpr std::chrono::milliseconds kFirstBackoff{100};

  template <class Stub, class Request, class Response>
  absl::Status CallWith(const std::string& token, Stub& stub,
                        grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                     Response*),
                        const Request& request, Response& response, const std::string& what) {
    calls.fetch_add(1);
    const absl::Time started = absl::Now();
    std::chrono::milliseconds backoff = kFirstBackoff;
    for (int retry = 0;; ++retry) {
      grpc::ClientContext context;  // One per attempt: gRPC uses each once.
      Prepare(context, token);
      response.Clear();
      const grpc::Status status = (stub.*method)(&context, request, &response);
      if (status.ok() || !IsTransient(status) || retry == kRetries) {
        if (observer_) {
          observer_(CallRecord{Request::descriptor()->name(), absl::Now() - started, status,
                               request, response});
        }
        return FromGrpc(status, what);
      }
      const auto until = std::chrono::system_clock::now() + backoff;
      // Polls the channel meanwhile: nothing else drives a reconnection
      // while this thread would sleep. Then waits out the backoff even if
      // connected, for a server that answered UNAVAILABLE itself.
      channel_->WaitForConnected(until);
      std::this_thread::sleep_until(until);
      backoff *= 2;
    }
  }

  void Prepare(grpc::ClientContext& context, const std::string& token) const;
  static bool IsTransient(const grpc::Status& status);
  static absl::Status FromGrpc(const grpc::Status& status, const std::string& what);

  std::shared_ptr<grpc::Channel> channel_;
  const DemoOptions& options_;
  std::string token_;
  std::map<std::string, std::string> party_tokens_;
  CallObserver observer_;
};

}  // namespace torg::demo

#endif  // TORG_CLIENTS_DEMO_DEMO_CLIENT_H_
