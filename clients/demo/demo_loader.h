#ifndef TORG_CLIENTS_DEMO_DEMO_LOADER_H_
#define TORG_CLIENTS_DEMO_DEMO_LOADER_H_

// Fills a running torgd with a synthetic förbund year: several hundred
// participants across every platform, taken through every kind of step —
// referral, the beredningsgrupp's three decisions, joint assessment, case
// owners, meetings, commitments, notes, handovers accepted and rejected,
// deviations resolved and open, closures with every kind of outcome, and
// follow-ups — all through the public gRPC API, so that a new user sees a
// living system in seconds. Every person is synthetic.
//
// Deterministic for a seed and a last day: every request id is
// "demo-<seed>-<last day as YYYYMMDD>-<participant>-<step>", so a rerun with
// the same seed and last day (torgctl: on the same UTC day) writes nothing
// new — every call is answered as replayed — and is safe after an
// interruption; a run with another last day is a fresh load of its own (its
// steps are dated differently), new participants beside the earlier ones
// (whose personnummer theirs avoid: how far, MakePerson in
// synthetic_people.h says).

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"

namespace torg::demo {

struct DemoOptions {
  // How many participants to register: 1 to kMaxSyntheticPeople (100000).
  int participants = 300;
  // Chooses the synthetic people and their paths.
  uint64_t seed = 2026;
  // The last day any step may be dated: the year simulated ends here. Part
  // of every request id.
  absl::CivilDay last_day;
  // Calls in flight at once; torgd commits them in shared WAL syncs.
  int concurrency = 8;
  // The user the steps are recorded by on a torgd run with --insecure-dev
  // (sent as x-torg-user); otherwise the token says who records them.
  std::string user = "demo-koordinator";
  // The caller's bearer token, sent as "authorization: Bearer <token>"; none
  // when empty. See LoadDemo for when the load runs with another one.
  std::string token;
  // Sent as x-torg-purpose on every call, in its metadata form (printable
  // ASCII); torgd wants one on every read of personal data.
  std::string purpose = "demo";
  // Deadline of each call.
  double timeout_seconds = 10;
};

// What the load did.
struct DemoSummary {
  int participants = 0;
  int cases = 0;
  int calls = 0;
  int enrolled = 0;
  int declined = 0;
  int directed = 0;
  int closed = 0;
  int handovers_accepted = 0;
  int handovers_rejected = 0;
  int deviations_resolved = 0;
  int follow_ups = 0;
  // Calls answered as retries of an earlier run (nothing new written).
  int replayed = 0;
};

// The users the demo works as when the caller is an admin, with tokens
// issued for the load: a coordinator on every platform, and for each party
// an officer (kDemoPartyOfficerPrefix + the party's id) who answers the
// handovers to the party: of a case's ownership, or to its ordinary
// services.
inline constexpr char kDemoCoordinator[] = "demo-coordinator";
inline constexpr char kDemoPartyOfficerPrefix[] = "demo-officer-";
// How long those tokens are valid: longer than the largest load takes.
inline constexpr int64_t kDemoTokenLifetimeSeconds = 2 * 60 * 60;

// What one call did, for an observer (e.g. the load generator's latency
// histograms and its log of acknowledged commands).
struct CallRecord {
  // The request's message type, e.g. "SubmitReferralRequest": names the RPC.
  const std::string& request_type;
  // From the first attempt to the final answer, retries included.
  absl::Duration latency;
  // The final answer's status.
  const grpc::Status& status;
  const google::protobuf::Message& request;
  // Meaningful only when status is OK.
  const google::protobuf::Message& response;
};
// Called on the calling thread after every call; must be thread-safe.
using CallObserver = std::function<void(const CallRecord&)>;

// Runs the load against `channel`, writing a progress line now and then to
// `progress`. Case work needs a coordinator of the case's platform, and
// answering a handover to a party an officer of that party, so the load first asks who the caller
// is (AccessService.WhoAmI). An admin (e.g. with a local torgd's admin token, or a developer on a
// torgd run with --insecure-dev) has torgd issue tokens for the demo's users above and loads as
// them. Anyone else who is a coordinator on every platform loads with their own token, and the
// party's steps are refused unless they are that party's officer too. Anyone else gets
// FAILED_PRECONDITION saying what the demo needs. A call that fails with
// UNAVAILABLE, DEADLINE_EXCEEDED or RESOURCE_EXHAUSTED is retried a few times (see
// Client::Call); any other error, or one that persists, ends the load,
// naming the participant and the step. `observer`, when set, is told of
// every call the journeys make (not of the calls that set the load up).
absl::StatusOr<DemoSummary> LoadDemo(const std::shared_ptr<grpc::Channel>& channel,
                                     const DemoOptions& options, std::ostream& progress,
                                     CallObserver observer = nullptr);

}  // namespace torg::demo

#endif  // TORG_CLIENTS_DEMO_DEMO_LOADER_H_
