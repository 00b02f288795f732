#ifndef TORG_SERVICES_CASEWORK_RECORD_FACTS_H_
#define TORG_SERVICES_CASEWORK_RECORD_FACTS_H_

// The facts the access rules decide on, loaded from the case index and the
// participant streams. Read at the moment of each call, so a consent
// withdrawn a moment ago already counts.

#include <optional>

#include "services/access/record_access.h"
#include "services/casework/case_work.h"

namespace torg::casework {

class CaseWorkRecordFacts : public access::RecordFactsSource {
 public:
  // `work` must outlive this.
  explicit CaseWorkRecordFacts(const CaseWork& work) : work_(work) {}

  // nullopt when there is no such case; INVALID_ARGUMENT for an id that
  // cannot be a case id; the store's errors.
  absl::StatusOr<std::optional<access::CaseAccessFacts>> CaseFacts(
      absl::string_view case_id) const override;

  // nullopt when there is no such participant; the store's errors.
  absl::StatusOr<std::optional<access::ParticipantAccessFacts>> ParticipantFacts(
      absl::string_view participant_id) const override;

  // True when the store holds an earlier attempt of this request (same id,
  // same fingerprint) whose first event this user recorded.
  absl::StatusOr<bool> IsRetryOfOwnCommand(absl::string_view method,
                                           const google::protobuf::Message& request,
                                           absl::string_view user_id) const override;

 private:
  const CaseWork& work_;
};

}  // namespace torg::casework

#endif  // TORG_SERVICES_CASEWORK_RECORD_FACTS_H_
