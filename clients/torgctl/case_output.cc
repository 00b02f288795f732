#include "clients/torgctl/case_output.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "clients/torgctl/cli_parsing.h"
#include "clients/torgctl/text_table.h"

namespace torg::torgctl {
namespace {

using torg::v1::CaseStep;

std::string OneLine(const std::string& text) {
  return absl::StrReplaceAll(text, {{"\r\n", " / "}, {"\n", " / "}, {"\r", " / "}});
}

// "head: text", or whichever of the two is not empty.
std::string WithText(const std::string& head, const std::string& text) {
  if (text.empty()) return head;
  if (head.empty()) return OneLine(text);
  return absl::StrCat(head, ": ", OneLine(text));
}

std::string IncomeText(const google::protobuf::RepeatedField<int>& income) {
  std::vector<std::string> names;
  for (const int source : income) {
    names.push_back(EnumText(static_cast<torg::v1::IncomeSource>(source)));
  }
  return absl::StrJoin(names, ", ");
}

std::string TargetText(const std::string& platform_id, const std::string& party_id) {
  return platform_id.empty() ? party_id : platform_id;
}

std::string ReferralText(const torg::v1::ReferralStep& referral) {
  std::vector<std::string> parts = {
      absl::StrCat("to ", referral.platform_id()),
      referral.referrer().self_referral() ? "self-referral"
                                          : absl::StrCat("by ", referral.referrer().party_id()),
      absl::StrCat("needs ", absl::StrJoin(referral.needed_party_ids(), ", "))};
  if (referral.age_at_referral() > 0) {
    parts.push_back(absl::StrCat("age ", referral.age_at_referral()));
  }
  if (!referral.directed_from_case_id().empty()) {
    parts.push_back(absl::StrCat("directed from ", referral.directed_from_case_id()));
  }
  if (referral.violence_in_close_relationship()) parts.push_back("violence in close relationship");
  if (referral.risk_use_or_abuse()) parts.push_back("risk use or abuse");
  return WithText(absl::StrJoin(parts, ", "), referral.reason());
}

// Both flags, raised or withdrawn: the step replaces the set.
std::string CaseFlagsText(const torg::v1::CaseFlags& flags) {
  return absl::StrCat(
      "violence in close relationship: ", flags.violence_in_close_relationship() ? "yes" : "no",
      ", risk use or abuse: ", flags.risk_use_or_abuse() ? "yes" : "no");
}

std::string PlanText(const torg::v1::JointPlanStep& plan) {
  std::vector<std::string> parts;
  for (const auto& goal : plan.goals()) parts.push_back(absl::StrCat("goal: ", OneLine(goal)));
  for (const auto& commitment : plan.commitments()) {
    parts.push_back(absl::StrCat(commitment.party_id(), ": ", OneLine(commitment.description())));
  }
  return absl::StrJoin(parts, "; ");
}

std::string CommitmentText(const torg::v1::CommitmentStep& commitment) {
  std::string head = absl::StrCat(commitment.commitment_id(), " ", EnumText(commitment.kind()),
                                  " by ", commitment.party_id());
  if (!commitment.provider().empty()) absl::StrAppend(&head, " via ", commitment.provider());
  if (commitment.has_start_date() || commitment.has_end_date()) {
    absl::StrAppend(&head, " ", FormatDate(commitment.start_date()), "–",
                    FormatDate(commitment.end_date()));
  }
  return WithText(head, commitment.description());
}

std::string FollowUpText(const torg::v1::FollowUpStep& follow_up) {
  std::string head = absl::StrCat(EnumText(follow_up.point()), ", ",
                                  follow_up.reached() ? "reached" : "not reached");
  if (follow_up.income_size() > 0)
    absl::StrAppend(&head, ", income ", IncomeText(follow_up.income()));
  return WithText(head, follow_up.note());
}

std::string CaseHandoverText(const torg::v1::PendingHandoverView& handover) {
  return absl::StrCat(handover.handover_id(), " ", EnumText(handover.kind()), " to ",
                      TargetText(handover.target_platform_id(), handover.target_party_id()),
                      ", proposed ", FormatDate(handover.proposed_on()));
}

}  // namespace

std::string OwnerText(const torg::v1::CaseOwnerAssigned& owner) {
  if (owner.owner_user_id().empty()) return "";
  return absl::StrCat(owner.owner_user_id(), " (", owner.party_id(), ")");
}

std::string StepKindName(const CaseStep& step) {
  const auto* oneof = step.GetDescriptor()->FindOneofByName("kind");
  const auto* field = step.GetReflection()->GetOneofFieldDescriptor(step, oneof);
  if (field == nullptr) return "unknown";
  return absl::StrReplaceAll(field->name(), {{"_", "-"}});
}

std::string StepText(const CaseStep& step) {
  switch (step.kind_case()) {
    case CaseStep::kReferralSubmitted:
      return ReferralText(step.referral_submitted());
    case CaseStep::kReferralAccepted:
      return "";
    case CaseStep::kReferralDirected:
      return absl::StrCat("to ", step.referral_directed().target_platform_id(), ", new case ",
                          step.referral_directed().target_case_id());
    case CaseStep::kReferralDeclined:
      return WithText(EnumText(step.referral_declined().reason()),
                      step.referral_declined().motivation());
    case CaseStep::kAssessmentStarted:
      return "";
    case CaseStep::kAssessmentFindingRecorded: {
      const auto& finding = step.assessment_finding_recorded();
      return WithText(absl::StrCat(EnumText(finding.domain()), " by ", finding.party_id()),
                      finding.finding());
    }
    case CaseStep::kAssessmentCompleted:
      return PlanText(step.assessment_completed());
    case CaseStep::kCaseOwnerAssigned:
      return OwnerText(step.case_owner_assigned());
    case CaseStep::kMeetingRecorded: {
      const auto& meeting = step.meeting_recorded();
      std::string head = absl::StrCat(meeting.meeting_id(), ", present ",
                                      absl::StrJoin(meeting.present_party_ids(), ", "));
      if (meeting.participant_present()) absl::StrAppend(&head, " and the participant");
      return WithText(head, meeting.decisions());
    }
    case CaseStep::kCommitmentAdded:
      return CommitmentText(step.commitment_added());
    case CaseStep::kCommitmentCompleted:
      return step.commitment_completed().commitment_id();
    case CaseStep::kCommitmentCancelled:
      return WithText(step.commitment_cancelled().commitment_id(),
                      step.commitment_cancelled().reason());
    case CaseStep::kNoteAdded:
      return OneLine(step.note_added().text());
    case CaseStep::kHandoverProposed: {
      const auto& proposed = step.handover_proposed();
      return WithText(
          absl::StrCat(proposed.handover_id(), " ", EnumText(proposed.kind()), " to ",
                       TargetText(proposed.target_platform_id(), proposed.target_party_id())),
          proposed.motivation());
    }
    case CaseStep::kHandoverAccepted: {
      const auto& accepted = step.handover_accepted();
      std::string text = accepted.handover_id();
      if (!accepted.new_owner_user_id().empty()) {
        absl::StrAppend(&text, ", new owner ", accepted.new_owner_user_id(), " (",
                        accepted.new_owner_party_id(), ")");
      }
      return text;
    }
    case CaseStep::kHandoverRejected: {
      const auto& rejected = step.handover_rejected();
      return WithText(absl::StrCat(rejected.handover_id(), ", deviation ", rejected.deviation_id()),
                      rejected.reason());
    }
    case CaseStep::kDeviationResolved:
      return WithText(step.deviation_resolved().deviation_id(),
                      step.deviation_resolved().resolution());
    case CaseStep::kCaseClosed: {
      const auto& closed = step.case_closed();
      std::string text = EnumText(closed.outcome());
      if (closed.income_at_end_size() > 0) {
        absl::StrAppend(&text, ", income ", IncomeText(closed.income_at_end()));
      }
      return text;
    }
    case CaseStep::kFollowUpRecorded:
      return FollowUpText(step.follow_up_recorded());
    case CaseStep::kCaseFlagsSet:
      return CaseFlagsText(step.case_flags_set());
    case CaseStep::KIND_NOT_SET:
      break;
  }
  return "";
}

std::string RenderCaseSummary(const torg::v1::CaseSummary& summary) {
  TextTable table;
  table.AddRow({"Case", summary.case_id()});
  table.AddRow({"Participant", summary.participant_id()});
  table.AddRow({"Platform", summary.platform_id()});
  table.AddRow({"Status", EnumText(summary.status())});
  table.AddRow({"Referred", FormatDate(summary.referral_date())});
  if (summary.has_enrolled_on()) table.AddRow({"Enrolled", FormatDate(summary.enrolled_on())});
  if (summary.has_closed_on()) {
    table.AddRow({"Closed", absl::StrCat(FormatDate(summary.closed_on()), ", ",
                                         EnumText(summary.outcome()))});
  }
  table.AddRow({"Owner", OwnerText(summary.owner())});
  table.AddRow({"Needed parties", absl::StrJoin(summary.needed_party_ids(), ", ")});
  if (summary.has_pending_handover()) {
    table.AddRow({"Pending handover", CaseHandoverText(summary.pending_handover())});
  }
  if (summary.open_deviation_ids_size() > 0) {
    table.AddRow({"Open deviations", absl::StrJoin(summary.open_deviation_ids(), ", ")});
  }
  table.AddRow({"Version", absl::StrCat(summary.version())});
  return table.Render();
}

std::string RenderCaseChange(const torg::v1::CaseChange& change, const std::string& request_id) {
  const torg::v1::CaseSummary& summary = change.case_summary();
  TextTable header;
  header.AddRow({"Case", summary.case_id()});
  header.AddRow({"Status", EnumText(summary.status())});
  header.AddRow({"Platform", summary.platform_id()});
  header.AddRow({"Owner", OwnerText(summary.owner())});
  header.AddRow({"Version", absl::StrCat(summary.version())});
  header.AddRow({"Request id", request_id});
  std::string text = header.Render();
  if (change.replayed()) {
    absl::StrAppend(&text, "Already recorded by an earlier request with this id: nothing new.\n");
  }
  if (change.recorded_size() == 0) return text;
  TextTable steps({"VERSION", "DATE", "STEP", "DETAILS"});
  for (const auto& entry : change.recorded()) {
    steps.AddRow({absl::StrCat(entry.version()), FormatDate(entry.step().effective_date()),
                  StepKindName(entry.step()), StepText(entry.step())});
  }
  return absl::StrCat(text, "\n", steps.Render());
}

// An erased participant's flags are not "no": they are gone.
std::string EntryText(const torg::v1::TimelineEntry& entry) {
  if (entry.redacted() && entry.step().has_case_flags_set()) return "(flags erased)";
  return StepText(entry.step());
}

std::string RenderTimeline(
    const google::protobuf::RepeatedPtrField<torg::v1::TimelineEntry>& steps) {
  TextTable table({"VERSION", "DATE", "BY", "STEP", "DETAILS"});
  for (const auto& entry : steps) {
    table.AddRow({absl::StrCat(entry.version()), FormatDate(entry.step().effective_date()),
                  entry.step().recorded_by(), StepKindName(entry.step()), EntryText(entry)});
  }
  return table.Render();
}

std::string RenderCaseList(const google::protobuf::RepeatedPtrField<torg::v1::CaseSummary>& cases,
                           const std::string& next_page_token) {
  std::string text;
  if (!cases.empty()) {
    TextTable table({"CASE", "PARTICIPANT", "PLATFORM", "STATUS", "REFERRED", "OWNER", "VERSION"});
    for (const auto& summary : cases) {
      table.AddRow({summary.case_id(), summary.participant_id(), summary.platform_id(),
                    EnumText(summary.status()), FormatDate(summary.referral_date()),
                    OwnerText(summary.owner()), absl::StrCat(summary.version())});
    }
    text = table.Render();
  }
  return absl::StrCat(text, RenderListEnd(cases.size(), "cases", next_page_token));
}

std::string RenderListEnd(int count, const std::string& noun, const std::string& next_page_token) {
  if (count == 0 && next_page_token.empty()) return absl::StrCat("No ", noun, ".\n");
  if (next_page_token.empty()) return "";
  return absl::StrCat("More: --page-token ", next_page_token, "\n");
}

}  // namespace torg::torgctl
