#ifndef TORG_CLIENTS_DEMO_JOURNEY_H_
#define TORG_CLIENTS_DEMO_JOURNEY_H_

// One synthetic participant's year: registration, consent, a referral and
// whatever follows it, step by step through the API, each step dated after
// the one before and never after the demo's last day.

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "clients/demo/demo_client.h"
#include "clients/demo/synthetic_people.h"

namespace torg::demo {

class Journey {
 public:
  Journey(Client& client, const Forbund& forbund, const DemoOptions& options, int index,
          DemoSummary& summary);

  absl::Status Run();

 private:
  struct Story;  // What happens to this participant: chosen up front.

  // Moves the case's clock on by `days`; false (and no move) when that day
  // lies after the demo's last day, which ends the story there.
  bool Advance(int days);
  std::string NextRequestId();
  std::string Label(const std::string& step) const;
  void Count(bool replayed);

  absl::Status Register(const SyntheticPerson& person, const std::string& kommun,
                        bool may_be_anonymous);
  absl::Status Consent();
  absl::Status Refer(const std::string& platform_id);
  absl::Status DecideAndWork();
  absl::Status Work(const std::string& case_id);
  absl::Status Assess(const std::string& case_id);
  absl::Status Coordinate(const std::string& case_id, int meetings);
  absl::Status HandOver(const std::string& case_id);
  absl::Status Close(const std::string& case_id, bool via_ordinary_services);
  absl::Status FollowUp(const std::string& case_id, absl::CivilDay closed_on);

  Client& client_;
  const Forbund& forbund_;
  const DemoOptions& options_;
  const int index_;
  DemoSummary& summary_;
  std::mt19937_64 random_;
  // "demo-<seed>-<last day as YYYYMMDD>-<index>-"; NextRequestId adds a count.
  const std::string request_prefix_;
  // MakePerson's salt: the seed plus the day number of the last day.
  const uint64_t person_salt_;
  int request_counter_ = 0;
  absl::CivilDay day_;
  std::string participant_id_;
  std::string platform_id_;
  int age_ = 0;
  std::vector<std::string> needed_parties_;
  std::string owner_party_;
  std::string current_case_;
};

}  // namespace torg::demo

#endif  // TORG_CLIENTS_DEMO_JOURNEY_H_
