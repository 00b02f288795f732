#ifndef TORG_SERVICES_ACCESS_RECORD_ACCESS_H_
#define TORG_SERVICES_ACCESS_RECORD_ACCESS_H_

// When a principal may see or work one record: the record half of the access
// table's rules. Plain functions over facts the caller loads, so the rules
// are tested without a store or a server.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "services/access/access_table.h"
#include "services/auth/principal.h"

namespace torg::access {

// What decides who may see a case.
struct CaseAccessFacts {
  std::string case_id;
  std::string participant_id;
  // The platform the case is on now.
  std::string platform_id;
  // The parties the case involves (the support the person needs).
  std::vector<std::string> involved_party_ids;
  // The receiver of the pending handover, if one is waiting: a platform or
  // a party.
  std::string receiving_platform_id;
  std::string receiving_party_id;
  // The parties the participant's consent covers now.
  std::vector<std::string> consented_party_ids;
};

// What decides who may see a participant.
struct ParticipantAccessFacts {
  std::string participant_id;
  bool protected_identity = false;
  // The user who registered the person.
  std::string registered_by;
  std::vector<std::string> consented_party_ids;
  // Every case of the participant, on any platform.
  std::vector<CaseAccessFacts> cases;
};

// Where a rule's facts come from: the case index and the participant
// streams. Both answer nullopt for a record that does not exist.
class RecordFactsSource {
 public:
  virtual ~RecordFactsSource() = default;
  virtual absl::StatusOr<std::optional<CaseAccessFacts>> CaseFacts(
      absl::string_view case_id) const = 0;
  virtual absl::StatusOr<std::optional<ParticipantAccessFacts>> ParticipantFacts(
      absl::string_view participant_id) const = 0;
  // Whether `request` to `method` (the gRPC path) is a retry of a command
  // this same user already recorded (same request id, same request): its
  // answer is a replay, which the user may have although the record has
  // since moved out of their reach (a handover they accepted or rejected).
  virtual absl::StatusOr<bool> IsRetryOfOwnCommand(absl::string_view method,
                                                   const google::protobuf::Message& request,
                                                   absl::string_view user_id) const = 0;
};

// A coordinator works the cases on their platforms; a party officer those
// that involve their party while the participant's consent covers it.
bool WorksCase(const auth::Principal& principal, const CaseAccessFacts& facts);

// The principal receives the case's pending handover: a coordinator of the
// receiving platform, or an officer of the receiving party whose sharing the
// consent covers.
bool ReceivesHandover(const auth::Principal& principal, const CaseAccessFacts& facts);

// WorksCase or ReceivesHandover.
bool SeesCase(const auth::Principal& principal, const CaseAccessFacts& facts);

// A principal sees a participant when they see one of the person's cases.
// A participant without any case yet (still in intake) is seen by every
// coordinator, so that the one who takes the referral can find them, except
// a person with protected identity, who is seen only by the coordinator who
// registered them until a case exists.
bool SeesParticipant(const auth::Principal& principal, const ParticipantAccessFacts& facts);

// The personal record a call is about, for the audit log.
struct AccessedRecord {
  std::string participant_id;
  std::string case_id;
};

// Applies `rule` to the record named in a request. `record_id` is the case
// id, participant id or platform id the rule reads (empty when the request
// leaves it out). PERMISSION_DENIED when the principal may not; the message
// is the same whether the record exists or not, so it reveals nothing to
// someone who may not know. kNone and kListedCases always pass here (a list
// is filtered item by item). Errors of `facts` pass through. On success,
// the participant and case the call is about (empty for kNone, kOwnPlatform
// and kListedCases).
absl::StatusOr<AccessedRecord> CheckRecord(const auth::Principal& principal, RecordRule rule,
                                           absl::string_view record_id,
                                           const RecordFactsSource& facts);

}  // namespace torg::access

#endif  // TORG_SERVICES_ACCESS_RECORD_ACCESS_H_
