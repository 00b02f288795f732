#include "services/casefile/case_rules.h"

#include <map>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace torg::casefile {
namespace {

using S = CaseStatus;
using E = v1::CaseEvent;

// The statuses in which a case is open for work.
const std::set<CaseStatus> kActive = {S::kEnrolled, S::kAssessing, S::kCoordinating};

struct Rule {
  absl::string_view name;
  std::set<CaseStatus> allowed_in;
};

const std::map<StepKind, Rule>& Table() {
  static const std::map<StepKind, Rule> table{
      {E::kReferralSubmitted, {"submit a referral", {S::kNone}}},
      {E::kReferralAccepted, {"accept the referral", {S::kReferred}}},
      {E::kReferralDirected, {"direct the referral to another platform", {S::kReferred}}},
      {E::kReferralDeclined, {"decline the referral", {S::kReferred}}},
      {E::kAssessmentStarted, {"start the joint assessment", {S::kEnrolled}}},
      {E::kAssessmentFindingRecorded, {"record an assessment finding", {S::kAssessing}}},
      {E::kAssessmentCompleted, {"complete the joint assessment", {S::kAssessing}}},
      {E::kCaseOwnerAssigned, {"assign a case owner", kActive}},
      {E::kMeetingRecorded, {"record a meeting", kActive}},
      {E::kCommitmentAdded, {"add a commitment or activity", kActive}},
      {E::kCommitmentCompleted, {"complete a commitment or activity", kActive}},
      {E::kCommitmentCancelled, {"cancel a commitment or activity", kActive}},
      {E::kNoteAdded, {"add a note", kActive}},
      {E::kHandoverProposed, {"propose a handover", kActive}},
      {E::kHandoverAccepted, {"accept a handover", kActive}},
      {E::kHandoverRejected, {"reject a handover", kActive}},
      // Deviations come from rejected handovers, which only an enrolled case
      // has; once opened, one stays resolvable after the case is closed.
      {E::kDeviationResolved,
       {"resolve a deviation", {S::kEnrolled, S::kAssessing, S::kCoordinating, S::kClosed}}},
      {E::kCaseClosed, {"close the case", kActive}},
      {E::kFollowUpRecorded, {"record a follow-up", {S::kClosed}}},
      // A flag may come with the referral's first conversations, before the
      // beredningsgrupp decides.
      {E::kCaseFlagsSet,
       {"set the case's flags", {S::kReferred, S::kEnrolled, S::kAssessing, S::kCoordinating}}},
  };
  return table;
}

}  // namespace

const std::vector<StepKind>& AllStepKinds() {
  static const std::vector<StepKind> kinds = [] {
    std::vector<StepKind> all;
    for (const auto& [kind, rule] : Table()) all.push_back(kind);
    return all;
  }();
  return kinds;
}

const std::vector<CaseStatus>& AllStatuses() {
  static const std::vector<CaseStatus> statuses{S::kNone,         S::kReferred, S::kDirected,
                                                S::kDeclined,     S::kEnrolled, S::kAssessing,
                                                S::kCoordinating, S::kClosed};
  return statuses;
}

absl::string_view StepName(StepKind kind) {
  auto rule = Table().find(kind);
  return rule == Table().end() ? "an unknown step" : rule->second.name;
}

bool IsAllowed(CaseStatus status, StepKind kind) {
  auto rule = Table().find(kind);
  return rule != Table().end() && rule->second.allowed_in.count(status) > 0;
}

absl::Status CheckAllowed(CaseStatus status, StepKind kind) {
  if (IsAllowed(status, kind)) return absl::OkStatus();
  std::vector<absl::string_view> allowed;
  for (StepKind candidate : AllStepKinds()) {
    if (IsAllowed(status, candidate)) allowed.push_back(StepName(candidate));
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "cannot ", StepName(kind), ": the case is ", StatusName(status),
      "; allowed now: ", allowed.empty() ? std::string("nothing") : absl::StrJoin(allowed, ", ")));
}

}  // namespace torg::casefile
