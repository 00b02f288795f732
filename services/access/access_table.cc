#include "services/access/access_table.h"

namespace torg::access {
namespace {

using auth::Role;

constexpr Role kCoordinator = Role::kCoordinator;
constexpr Role kPartyOfficer = Role::kPartyOfficer;
constexpr bool kPersonal = true;
constexpr bool kNotPersonal = false;

std::vector<MethodRule> BuildTable() {
  const std::vector<Role> everyone(std::begin(auth::kAllRoles), std::end(auth::kAllRoles));
  const std::vector<Role> coordinators = {kCoordinator};
  const std::vector<Role> case_workers = {kCoordinator, kPartyOfficer};
  const std::vector<Role> admins = {Role::kAdmin};
  const std::vector<Role> auditors = {Role::kAuditor};
  const std::vector<Role> report_readers = {kCoordinator, Role::kSteering, Role::kAdmin};
  const std::vector<Role> board_secretaries = {Role::kSteering, Role::kAdmin};
  const std::vector<Role> exporters = {Role::kExporter};
  return {
      // Configuration: platforms, parties and kommuner, not personal data.
      {"/torg.v1.ConfigService/GetConfig", everyone, RecordRule::kNone, kNotPersonal},
      {"/torg.v1.AccessService/WhoAmI", everyone, RecordRule::kNone, kNotPersonal},
      {"/torg.v1.AccessService/IssueToken", admins, RecordRule::kNone, kNotPersonal},

      // Intake. A coordinator registers people and refers them to their own
      // platforms; finding by personnummer is a personal-data read.
      {"/torg.v1.IntakeService/RegisterParticipant", coordinators, RecordRule::kNone, kNotPersonal},
      {"/torg.v1.IntakeService/FindParticipant", coordinators, RecordRule::kNone, kPersonal},
      {"/torg.v1.IntakeService/RecordConsent", coordinators, RecordRule::kParticipant,
       kNotPersonal},
      {"/torg.v1.IntakeService/WithdrawConsent", coordinators, RecordRule::kParticipant,
       kNotPersonal},
      {"/torg.v1.IntakeService/SubmitReferral", coordinators, RecordRule::kOwnPlatform,
       kNotPersonal, "referral.platform_id"},
      {"/torg.v1.IntakeService/DecideReferral", coordinators, RecordRule::kWorkedCase,
       kNotPersonal},

      // The joint assessment: the parties contribute their findings.
      {"/torg.v1.AssessmentService/StartAssessment", coordinators, RecordRule::kWorkedCase,
       kNotPersonal},
      {"/torg.v1.AssessmentService/RecordFinding", case_workers, RecordRule::kWorkedCase,
       kNotPersonal},
      {"/torg.v1.AssessmentService/CompleteAssessment", coordinators, RecordRule::kWorkedCase,
       kNotPersonal},

      // Coordination: parties fulfil their commitments and add notes.
      {"/torg.v1.CoordinationService/AssignCaseOwner", coordinators, RecordRule::kWorkedCase,
       kNotPersonal},
      {"/torg.v1.CoordinationService/RecordMeeting", coordinators, RecordRule::kWorkedCase,
       kNotPersonal},
      {"/torg.v1.CoordinationService/AddCommitment", coordinators, RecordRule::kWorkedCase,
       kNotPersonal},
      {"/torg.v1.CoordinationService/CompleteCommitment", case_workers, RecordRule::kWorkedCase,
       kNotPersonal},
      {"/torg.v1.CoordinationService/CancelCommitment", case_workers, RecordRule::kWorkedCase,
       kNotPersonal},
      {"/torg.v1.CoordinationService/AddNote", case_workers, RecordRule::kWorkedCase, kNotPersonal},
      // Any party working the case may learn of violence or risk use.
      {"/torg.v1.CoordinationService/SetCaseFlags", case_workers, RecordRule::kWorkedCase,
       kNotPersonal},

      // Handovers: the sender proposes, only the receiver answers.
      {"/torg.v1.HandoverService/ProposeHandover", coordinators, RecordRule::kWorkedCase,
       kNotPersonal},
      {"/torg.v1.HandoverService/AcceptHandover", case_workers, RecordRule::kHandoverReceiver,
       kNotPersonal},
      {"/torg.v1.HandoverService/RejectHandover", case_workers, RecordRule::kHandoverReceiver,
       kNotPersonal},
      {"/torg.v1.HandoverService/ResolveDeviation", coordinators, RecordRule::kWorkedCase,
       kNotPersonal},
      {"/torg.v1.HandoverService/ListHandovers", case_workers, RecordRule::kListedCases, kPersonal},
      {"/torg.v1.HandoverService/ListDeviations", coordinators, RecordRule::kListedCases,
       kPersonal},
      {"/torg.v1.HandoverService/ListAgingOut", coordinators, RecordRule::kListedCases, kPersonal},

      // Closure and follow-up.
      {"/torg.v1.ClosureService/CloseCase", coordinators, RecordRule::kWorkedCase, kNotPersonal},
      {"/torg.v1.ClosureService/RecordFollowUp", coordinators, RecordRule::kWorkedCase,
       kNotPersonal},
      {"/torg.v1.ClosureService/ListFollowUpsDue", coordinators, RecordRule::kListedCases,
       kPersonal},

      // Reading case files.
      {"/torg.v1.CaseFileService/GetParticipant", case_workers, RecordRule::kParticipant,
       kPersonal},
      {"/torg.v1.CaseFileService/GetCase", case_workers, RecordRule::kVisibleCase, kPersonal},
      {"/torg.v1.CaseFileService/ListCases", case_workers, RecordRule::kListedCases, kPersonal},

      // Erasure and gallring: the admin's, never a case worker's.
      {"/torg.v1.ErasureService/EraseParticipant", admins, RecordRule::kNone, kNotPersonal},
      {"/torg.v1.ErasureService/ApplyRetention", admins, RecordRule::kNone, kNotPersonal},
      // Bulk import of existing participants and cases: the admin's, when a
      // förbund moves to Torg. Personal: a row naming a registered
      // personnummer tells the caller who that is, so the call states its
      // purpose and is recorded with every participant and case it touched.
      {"/torg.v1.ImportService/ImportCases", admins, RecordRule::kNone, kPersonal},

      // Steering figures: aggregates only, small counts suppressed for
      // whoever may not see every case counted (services/flows).
      {"/torg.v1.FlowService/GetPeriodReport", report_readers, RecordRule::kNone, kNotPersonal},
      {"/torg.v1.FlowService/GetTrend", report_readers, RecordRule::kNone, kNotPersonal},
      {"/torg.v1.FlowService/GetLeadTimes", report_readers, RecordRule::kNone, kNotPersonal},
      {"/torg.v1.FlowService/GetHandoverFlows", report_readers, RecordRule::kNone, kNotPersonal},
      {"/torg.v1.FlowService/GetFlowGraph", report_readers, RecordRule::kNone, kNotPersonal},
      // The board's half-year statistics and year-end report: the same
      // aggregates as the three reports it is made of, suppressed the same
      // way, as a file. Not the exporter's: it names no one.
      {"/torg.v1.FlowService/GetBoardReport", report_readers, RecordRule::kNone, kNotPersonal},
      // The board review: the board's and steering groups' ratings of the
      // platforms' goals, recorded by the steering (the board's secretary)
      // or an admin. Not personal data, so every report reader may list them.
      {"/torg.v1.FlowService/RecordBoardRating", board_secretaries, RecordRule::kNone,
       kNotPersonal},
      {"/torg.v1.FlowService/ListBoardRatings", report_readers, RecordRule::kNone, kNotPersonal},
      // The national follow-up (SUS): the exporter's alone. Every export names
      // participants by personnummer, so it states its purpose and is audited.
      {"/torg.v1.ExportService/ExportSus", exporters, RecordRule::kNone, kPersonal},
      {"/torg.v1.ExportService/RegenerateSubmission", exporters, RecordRule::kNone, kPersonal},
      {"/torg.v1.ExportService/DiffSubmissions", exporters, RecordRule::kNone, kPersonal},
      // The list of submissions names no one: ids, periods, positions, counts.
      {"/torg.v1.ExportService/ListSubmissions", exporters, RecordRule::kNone, kNotPersonal},
      // The audit log. Its entries name records and users, so reading them
      // is itself recorded.
      {"/torg.v1.AuditService/QueryAuditLog", auditors, RecordRule::kNone, kPersonal},
      {"/torg.v1.AuditService/VerifyAuditLog", auditors, RecordRule::kNone, kNotPersonal},
  };
}

}  // namespace

const std::vector<MethodRule>& AccessTable() {
  static const std::vector<MethodRule> table = BuildTable();
  return table;
}

const MethodRule* FindMethodRule(absl::string_view method) {
  for (const MethodRule& rule : AccessTable()) {
    if (rule.method == method) return &rule;
  }
  return nullptr;
}

}  // namespace torg::access
