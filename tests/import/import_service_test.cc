// ImportService through gRPC on a real TorgServer and store: rows checked by
// the API's rules, each row atomic, dry runs that write nothing, re-runs
// that import nothing twice, and the imported cases read back through
// CaseFileService. The README's example file goes through torgctl's reader.

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/torgctl/import_command.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/auth/principal.h"
#include "tests/caseflow/caseflow_fixture.h"
#include "tests/support/status_matchers.h"
#include "torg/v1/flow_service.grpc.pb.h"
#include "torg/v1/import_service.grpc.pb.h"

namespace torg::import_test {
namespace {

namespace v1 = ::torg::v1;
using caseflow_test::DateOf;
using caseflow_test::PersonnummerFor;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

class ImportServiceTest : public caseflow_test::CaseFlowTest {
 protected:
  void SetUp() override {
    caseflow_test::CaseFlowTest::SetUp();
    if (HasFatalFailure()) return;
    stub_ = v1::ImportService::NewStub(channel());
  }

  absl::StatusOr<v1::ImportCasesResponse> ImportCases(const v1::ImportCasesRequest& request) const {
    return Invoke<v1::ImportCasesResponse>(
        [&](grpc::ClientContext* context, v1::ImportCasesResponse* response) {
          return stub_->ImportCases(context, request, response);
        });
  }

  absl::StatusOr<v1::ImportCasesResponse> Import(std::vector<v1::ImportRow> rows,
                                                 bool dry_run = false) const {
    v1::ImportCasesRequest request;
    request.set_dry_run(dry_run);
    for (v1::ImportRow& row : rows) *request.add_rows() = std::move(row);
    return ImportCases(request);
  }

  // A person born on `birth` in Umeå, referred by af to Vuxentorget on
  // 2025-02-03, accepted on 2025-02-17, with an owner, an assessment from
  // 2025-03-03 to 2025-04-07 and still in coordination.
  v1::ImportRow GoodRow(int row_number, absl::CivilDay birth = absl::CivilDay(1985, 5, 17)) {
    v1::ImportRow row;
    row.set_row_number(row_number);
    row.set_personnummer(PersonnummerFor(birth, 200 + next_serial_++));
    row.set_gender(v1::GENDER_WOMAN);
    row.set_kommun_code("2480");
    row.set_education_level(v1::EDUCATION_LEVEL_UPPER_SECONDARY);
    row.add_income_at_start(v1::INCOME_SOURCE_SICKNESS_BENEFIT);
    row.set_time_without_work(v1::TIME_WITHOUT_WORK_1_TO_2_YEARS);
    row.set_given_name("Testa");
    row.set_family_name("Importsson");
    row.set_consent_form(v1::CONSENT_FORM_WRITTEN);
    row.set_sus_registration(true);
    row.set_platform_id("vuxentorget");
    row.set_referring_party_id("af");
    row.add_needed_party_ids("af");
    row.add_needed_party_ids("fk");
    row.set_referral_reason("Sjukskriven sedan länge");
    *row.mutable_referral_date() = DateOf(absl::CivilDay(2025, 2, 3));
    *row.mutable_decision_date() = DateOf(absl::CivilDay(2025, 2, 17));
    row.set_case_owner_user_id("anna.koordinator");
    row.set_case_owner_party_id("af");
    *row.mutable_assessment_start_date() = DateOf(absl::CivilDay(2025, 3, 3));
    *row.mutable_assessment_end_date() = DateOf(absl::CivilDay(2025, 4, 7));
    row.add_plan_goals("Arbetsträning 50 %");
    return row;
  }

  std::unique_ptr<v1::ImportService::Stub> stub_;
  int next_serial_ = 0;
};

// The field of a rejected row's only error.
MATCHER_P2(RejectedOn, field, message_substr, "") {
  if (arg.status() != v1::IMPORT_ROW_STATUS_REJECTED || arg.errors_size() != 1) {
    *result_listener << "status " << v1::ImportRowStatus_Name(arg.status()) << " with "
                     << arg.errors_size() << " errors";
    return false;
  }
  *result_listener << arg.errors(0).field() << ": " << arg.errors(0).message();
  return arg.errors(0).field() == field &&
         arg.errors(0).message().find(message_substr) != std::string::npos;
}

TEST_F(ImportServiceTest, AGoodRowImportsAParticipantAndACaseThatReadBack) {
  v1::ImportRow row = GoodRow(2);
  *row.mutable_closure_date() = DateOf(absl::CivilDay(2026, 1, 30));
  row.set_closure_outcome(v1::CLOSURE_OUTCOME_WORK_SUBSIDISED);
  row.add_income_at_end(v1::INCOME_SOURCE_SALARY);
  row.set_risk_use_or_abuse(true);
  ASSERT_OK_AND_ASSIGN(v1::ImportCasesResponse response, Import({row}));
  ASSERT_THAT(response.results(), SizeIs(1));
  const v1::ImportRowResult& result = response.results(0);
  EXPECT_EQ(result.status(), v1::IMPORT_ROW_STATUS_IMPORTED) << result.DebugString();
  EXPECT_EQ(result.row_number(), 2);
  EXPECT_EQ(response.imported_count(), 1);

  v1::GetCaseRequest get_case;
  get_case.set_case_id(result.case_id());
  ASSERT_OK_AND_ASSIGN(v1::GetCaseResponse read, GetCase(get_case));
  EXPECT_EQ(read.case_summary().status(), v1::CASE_STATUS_CLOSED);
  EXPECT_EQ(read.case_summary().platform_id(), "vuxentorget");
  EXPECT_EQ(read.case_summary().participant_id(), result.participant_id());
  // Referral, acceptance, owner, assessment start and end, closure.
  EXPECT_THAT(read.timeline(), SizeIs(6));
  EXPECT_EQ(read.timeline(0).step().referral_submitted().reason(), "Sjukskriven sedan länge");
  EXPECT_TRUE(read.timeline(0).step().referral_submitted().risk_use_or_abuse());
  EXPECT_FALSE(read.timeline(0).step().referral_submitted().violence_in_close_relationship());

  // The flow ledger opened the flag in the very append that wrote the
  // participant's key, and counts it.
  auto flows = v1::FlowService::NewStub(channel());
  set_token(TokenFor({auth::Role::kCoordinator}, {"vuxentorget"}));
  v1::GetPeriodReportRequest report_request;
  report_request.set_platform_id("vuxentorget");
  *report_request.mutable_first_day() = DateOf(absl::CivilDay(2026, 1, 1));
  *report_request.mutable_last_day() = DateOf(absl::CivilDay(2026, 1, 31));
  ASSERT_OK_AND_ASSIGN(v1::GetPeriodReportResponse report,
                       Invoke<v1::GetPeriodReportResponse>(
                           [&](grpc::ClientContext* context, v1::GetPeriodReportResponse* out) {
                             return flows->GetPeriodReport(context, report_request, out);
                           }));
  ASSERT_EQ(report.flagged_size(), 2);
  EXPECT_EQ(report.flagged(1).flag(), v1::CASE_FLAG_RISK_USE_OR_ABUSE);
  EXPECT_EQ(report.flagged(1).counts().total().value(), 1);
  EXPECT_EQ(report.flagged(0).counts().total().value(), 0);

  v1::FindParticipantRequest find;
  find.set_personnummer(row.personnummer());
  ASSERT_OK_AND_ASSIGN(v1::FindParticipantResponse found, FindParticipant(find));
  EXPECT_EQ(found.participant_id(), result.participant_id());
  v1::GetParticipantRequest get_participant;
  get_participant.set_participant_id(result.participant_id());
  ASSERT_OK_AND_ASSIGN(v1::GetParticipantResponse participant, GetParticipant(get_participant));
  EXPECT_EQ(participant.participant().given_name(), "Testa");
}

TEST_F(ImportServiceTest, ABadRowGetsItsOwnErrorWhileTheGoodRowsGoIn) {
  v1::ImportRow bad_number = GoodRow(3);
  bad_number.set_personnummer("198505170000");  // wrong check digit
  v1::ImportRow unknown_platform = GoodRow(4);
  unknown_platform.set_platform_id("marstorget");
  v1::ImportRow too_old = GoodRow(5, absl::CivilDay(1980, 1, 1));
  too_old.set_platform_id("ungdomstorget");
  v1::ImportRow closed_before_referral = GoodRow(6);
  closed_before_referral.clear_assessment_start_date();
  closed_before_referral.clear_assessment_end_date();
  closed_before_referral.clear_plan_goals();
  *closed_before_referral.mutable_closure_date() = DateOf(absl::CivilDay(2025, 1, 10));
  closed_before_referral.set_closure_outcome(v1::CLOSURE_OUTCOME_STUDIES);
  closed_before_referral.add_income_at_end(v1::INCOME_SOURCE_STUDENT_FINANCE);
  v1::ImportRow one_party = GoodRow(7);
  one_party.clear_needed_party_ids();
  one_party.add_needed_party_ids("af");

  ASSERT_OK_AND_ASSIGN(v1::ImportCasesResponse response,
                       Import({GoodRow(2), bad_number, unknown_platform, too_old,
                               closed_before_referral, one_party, GoodRow(8)}));
  ASSERT_THAT(response.results(), SizeIs(7));
  EXPECT_EQ(response.results(0).status(), v1::IMPORT_ROW_STATUS_IMPORTED);
  EXPECT_THAT(response.results(1), RejectedOn("personnummer", "check digit"));
  EXPECT_THAT(response.results(2), RejectedOn("platform_id", "marstorget"));
  EXPECT_THAT(response.results(3), RejectedOn("platform_id", "takes 16–29"));
  EXPECT_THAT(response.results(4), RejectedOn("closure_date", "before the case's latest step"));
  EXPECT_EQ(response.results(4).errors(0).code(), "FAILED_PRECONDITION");
  EXPECT_THAT(response.results(5), RejectedOn("needed_party_ids", "at least two parties"));
  EXPECT_EQ(response.results(6).status(), v1::IMPORT_ROW_STATUS_IMPORTED);
  EXPECT_EQ(response.imported_count(), 2);
  EXPECT_EQ(response.rejected_count(), 5);
  for (int i : {1, 2, 3, 4, 5}) {
    EXPECT_THAT(response.results(i).participant_id(), IsEmpty());
    EXPECT_THAT(response.results(i).case_id(), IsEmpty());
  }
  // Nothing of a rejected row was written: its person is not registered.
  v1::FindParticipantRequest find;
  find.set_personnummer(closed_before_referral.personnummer());
  EXPECT_THAT(FindParticipant(find).status(),
              ::torg::testing::StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(ImportServiceTest, ADryRunChecksEveryRowAndWritesNothing) {
  v1::ImportRow bad = GoodRow(3);
  bad.set_kommun_code("0180");
  const caseflow_test::StoreSnapshot before = Snapshot();
  ASSERT_OK_AND_ASSIGN(v1::ImportCasesResponse response,
                       Import({GoodRow(2), bad}, /*dry_run=*/true));
  EXPECT_TRUE(response.dry_run());
  EXPECT_EQ(response.results(0).status(), v1::IMPORT_ROW_STATUS_VALID);
  EXPECT_THAT(response.results(0).case_id(), IsEmpty());
  EXPECT_THAT(response.results(1), RejectedOn("kommun_code", "0180"));
  EXPECT_EQ(response.valid_count(), 1);
  EXPECT_TRUE(Snapshot() == before) << "a dry run wrote";
}

TEST_F(ImportServiceTest, APersonsSecondCaseGoesToTheSameParticipantInADryRunAsInTheImport) {
  v1::ImportRow first = GoodRow(2);
  v1::ImportRow second = first;
  second.set_row_number(3);
  second.set_platform_id("nafs");
  *second.mutable_referral_date() = DateOf(absl::CivilDay(2025, 6, 2));
  *second.mutable_decision_date() = DateOf(absl::CivilDay(2025, 6, 16));
  second.clear_assessment_start_date();
  second.clear_assessment_end_date();
  second.clear_plan_goals();
  // Registration columns of a later row are not applied.
  second.set_given_name("Annat");
  second.set_kommun_code("2460");
  ASSERT_OK_AND_ASSIGN(v1::ImportCasesResponse dry, Import({first, second}, true));
  EXPECT_EQ(dry.results(0).status(), v1::IMPORT_ROW_STATUS_VALID);
  EXPECT_EQ(dry.results(1).status(), v1::IMPORT_ROW_STATUS_VALID) << dry.DebugString();
  EXPECT_EQ(dry.valid_count(), 2);

  ASSERT_OK_AND_ASSIGN(v1::ImportCasesResponse real, Import({first, second}));
  ASSERT_EQ(real.imported_count(), 2) << real.DebugString();
  EXPECT_EQ(real.results(1).participant_id(), real.results(0).participant_id());
  EXPECT_NE(real.results(1).case_id(), real.results(0).case_id());

  v1::GetParticipantRequest get;
  get.set_participant_id(real.results(0).participant_id());
  ASSERT_OK_AND_ASSIGN(v1::GetParticipantResponse participant, GetParticipant(get));
  EXPECT_EQ(participant.participant().given_name(), "Testa");
  EXPECT_EQ(participant.participant().kommun_code(), "2480");
  ASSERT_EQ(participant.cases_size(), 2);
  EXPECT_EQ(participant.cases(0).platform_id(), "vuxentorget");
  EXPECT_EQ(participant.cases(0).status(), v1::CASE_STATUS_COORDINATING);
  EXPECT_EQ(participant.cases(1).platform_id(), "nafs");
  EXPECT_EQ(participant.cases(1).status(), v1::CASE_STATUS_ENROLLED);
}

TEST_F(ImportServiceTest, AnotherOpenCaseOnTheSamePlatformIsRefusedInADryRunAsInTheImport) {
  // Still in coordination on Vuxentorget when referred there again.
  v1::ImportRow first = GoodRow(2);
  v1::ImportRow again = first;
  again.set_row_number(3);
  *again.mutable_referral_date() = DateOf(absl::CivilDay(2025, 9, 1));
  *again.mutable_decision_date() = DateOf(absl::CivilDay(2025, 9, 15));
  again.clear_case_owner_user_id();
  again.clear_case_owner_party_id();
  again.clear_assessment_start_date();
  again.clear_assessment_end_date();
  again.clear_plan_goals();
  ASSERT_OK_AND_ASSIGN(v1::ImportCasesResponse dry, Import({first, again}, true));
  EXPECT_EQ(dry.results(0).status(), v1::IMPORT_ROW_STATUS_VALID);
  EXPECT_THAT(dry.results(1), RejectedOn("platform_id", "open case on Vuxentorget"));
  ASSERT_OK_AND_ASSIGN(v1::ImportCasesResponse real, Import({first, again}));
  EXPECT_EQ(real.results(0).status(), v1::IMPORT_ROW_STATUS_IMPORTED);
  EXPECT_THAT(real.results(1), RejectedOn("platform_id", "open case on Vuxentorget"));
  EXPECT_EQ(real.results(1).errors(0).message(), dry.results(1).errors(0).message());

  // Closed before the new referral, the earlier case leaves the platform free.
  v1::ImportRow closed = GoodRow(4);
  *closed.mutable_closure_date() = DateOf(absl::CivilDay(2025, 8, 29));
  closed.set_closure_outcome(v1::CLOSURE_OUTCOME_OTHER_DECLINED);
  closed.add_income_at_end(v1::INCOME_SOURCE_SICKNESS_BENEFIT);
  v1::ImportRow returned = again;
  returned.set_row_number(5);
  returned.set_personnummer(closed.personnummer());
  ASSERT_OK_AND_ASSIGN(v1::ImportCasesResponse dry_closed, Import({closed, returned}, true));
  EXPECT_EQ(dry_closed.valid_count(), 2) << dry_closed.DebugString();
  ASSERT_OK_AND_ASSIGN(v1::ImportCasesResponse real_closed, Import({closed, returned}));
  EXPECT_EQ(real_closed.imported_count(), 2) << real_closed.DebugString();
  EXPECT_EQ(real_closed.results(1).participant_id(), real_closed.results(0).participant_id());
}

TEST_F(ImportServiceTest, ARerunImportsNothingTwiceAndAChangedRowIsReported) {
  v1::ImportRow anonymous = GoodRow(3);
  anonymous.clear_personnummer();
  anonymous.clear_given_name();
  anonymous.clear_family_name();
  anonymous.set_birth_year(2004);
  anonymous.set_external_reference("UT-2025-017");
  anonymous.set_platform_id("ungdomstorget");
  anonymous.set_sus_registration(false);
  const std::vector<v1::ImportRow> rows = {GoodRow(2), anonymous};
  ASSERT_OK_AND_ASSIGN(v1::ImportCasesResponse first, Import(rows));
  ASSERT_EQ(first.imported_count(), 2) << first.DebugString();
  const uint64_t after_first = LastPosition();

  // The same rows, moved in the file: already imported, with the same ids.
  std::vector<v1::ImportRow> again = rows;
  again[0].set_row_number(12);
  again[1].set_row_number(13);
  ASSERT_OK_AND_ASSIGN(v1::ImportCasesResponse second, Import(again));
  EXPECT_EQ(second.already_imported_count(), 2);
  for (int i : {0, 1}) {
    EXPECT_EQ(second.results(i).status(), v1::IMPORT_ROW_STATUS_ALREADY_IMPORTED);
    EXPECT_EQ(second.results(i).case_id(), first.results(i).case_id());
    EXPECT_EQ(second.results(i).participant_id(), first.results(i).participant_id());
  }
  EXPECT_EQ(second.results(0).row_number(), 12);
  // A dry run of the same file says the same.
  ASSERT_OK_AND_ASSIGN(v1::ImportCasesResponse dry, Import(again, true));
  EXPECT_EQ(dry.already_imported_count(), 2);

  // A closure added to the first row since: reported, not written.
  v1::ImportRow changed = rows[0];
  *changed.mutable_closure_date() = DateOf(absl::CivilDay(2026, 5, 29));
  changed.set_closure_outcome(v1::CLOSURE_OUTCOME_STUDIES);
  changed.add_income_at_end(v1::INCOME_SOURCE_STUDENT_FINANCE);
  ASSERT_OK_AND_ASSIGN(v1::ImportCasesResponse third, Import({changed}));
  EXPECT_EQ(third.results(0).status(), v1::IMPORT_ROW_STATUS_CHANGED);
  EXPECT_EQ(third.results(0).participant_id(), first.results(0).participant_id());
  EXPECT_THAT(third.results(0).errors(0).message(), HasSubstr("imported before"));
  EXPECT_EQ(third.changed_count(), 1);
  EXPECT_EQ(LastPosition(), after_first) << "a re-run wrote events";
}

TEST_F(ImportServiceTest, APersonRegisteredThroughTheApiGetsTheImportedCase) {
  ASSERT_OK_AND_ASSIGN(caseflow_test::TestCase existing,
                       NewCase(v1::CASE_STATUS_ENROLLED, "vuxentorget"));
  v1::GetParticipantRequest get;
  get.set_participant_id(existing.participant_id);
  ASSERT_OK_AND_ASSIGN(v1::GetParticipantResponse participant, GetParticipant(get));
  const uint64_t before = LastPosition();

  // Dated before the registration: refused, nothing written.
  v1::ImportRow early = GoodRow(2);
  early.set_personnummer(participant.participant().personnummer());
  early.set_platform_id("nafs");
  ASSERT_OK_AND_ASSIGN(v1::ImportCasesResponse refused, Import({early}));
  EXPECT_THAT(refused.results(0), RejectedOn("referral_date", "regist"));
  EXPECT_EQ(LastPosition(), before);

  v1::ImportRow row = early;
  *row.mutable_referral_date() = DateOf(Today());
  *row.mutable_decision_date() = DateOf(Today());
  row.clear_assessment_start_date();
  row.clear_assessment_end_date();
  row.clear_plan_goals();
  ASSERT_OK_AND_ASSIGN(v1::ImportCasesResponse response, Import({row}));
  ASSERT_EQ(response.results(0).status(), v1::IMPORT_ROW_STATUS_IMPORTED) << response.DebugString();
  EXPECT_EQ(response.results(0).participant_id(), existing.participant_id);
  ASSERT_OK_AND_ASSIGN(v1::GetParticipantResponse after, GetParticipant(get));
  EXPECT_EQ(after.cases_size(), 2);
}

TEST_F(ImportServiceTest, AReferralAwaitingItsDecisionIsImportedForTheBeredningsgrupp) {
  v1::ImportRow waiting = GoodRow(2);
  waiting.clear_decision_date();
  waiting.clear_case_owner_user_id();
  waiting.clear_case_owner_party_id();
  waiting.clear_assessment_start_date();
  waiting.clear_assessment_end_date();
  waiting.clear_plan_goals();
  v1::ImportRow owner_without_decision = waiting;
  owner_without_decision.set_row_number(3);
  owner_without_decision.set_personnummer(GoodRow(3).personnummer());
  owner_without_decision.set_case_owner_user_id("anna.koordinator");
  owner_without_decision.set_case_owner_party_id("af");
  ASSERT_OK_AND_ASSIGN(v1::ImportCasesResponse response, Import({waiting, owner_without_decision}));
  ASSERT_EQ(response.results(0).status(), v1::IMPORT_ROW_STATUS_IMPORTED) << response.DebugString();
  EXPECT_THAT(response.results(1), RejectedOn("decision_date", "awaits its decision"));
  ASSERT_OK_AND_ASSIGN(v1::CaseSummary summary, SummaryOf(response.results(0).case_id()));
  EXPECT_EQ(summary.status(), v1::CASE_STATUS_REFERRED);
  EXPECT_EQ(summary.platform_id(), "vuxentorget");
}

TEST_F(ImportServiceTest, ARequestWithoutRowsOrWithTooManyIsRefused) {
  EXPECT_THAT(Import({}).status(), ::torg::testing::StatusIs(absl::StatusCode::kInvalidArgument));
  std::vector<v1::ImportRow> many(501, GoodRow(2));
  EXPECT_THAT(Import(many).status(),
              ::torg::testing::StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("batches")));
}

TEST_F(ImportServiceTest, TheReadmeExampleFileImportsThroughTorgctlsReader) {
  std::ifstream in(TORG_IMPORT_EXAMPLE_CSV, std::ios::binary);
  ASSERT_TRUE(in) << TORG_IMPORT_EXAMPLE_CSV;
  std::stringstream text;
  text << in.rdbuf();
  const torgctl::ImportBatchSender send = [this](const torgctl::GlobalOptions&,
                                                 const v1::ImportCasesRequest& request) {
    return ImportCases(request);
  };
  ASSERT_OK_AND_ASSIGN(v1::ImportCasesResponse dry,
                       torgctl::ImportCsvText({}, text.str(), /*dry_run=*/true, send));
  EXPECT_EQ(dry.valid_count(), 5) << torgctl::RenderImportReport(dry);
  ASSERT_OK_AND_ASSIGN(v1::ImportCasesResponse imported,
                       torgctl::ImportCsvText({}, text.str(), /*dry_run=*/false, send));
  EXPECT_EQ(imported.imported_count(), 5) << torgctl::RenderImportReport(imported);
  EXPECT_TRUE(torgctl::ImportSucceeded(imported));
  std::vector<int> lines;
  for (const v1::ImportRowResult& row : imported.results()) lines.push_back(row.row_number());
  EXPECT_THAT(lines, ElementsAre(2, 3, 4, 5, 6));
  ASSERT_OK_AND_ASSIGN(v1::ImportCasesResponse again,
                       torgctl::ImportCsvText({}, text.str(), /*dry_run=*/false, send));
  EXPECT_EQ(again.already_imported_count(), 5) << torgctl::RenderImportReport(again);

  v1::ListCasesRequest list;
  list.set_platform_id("lokalt-vannas");
  ASSERT_OK_AND_ASSIGN(v1::ListCasesResponse vannas, ListCases(list));
  ASSERT_THAT(vannas.cases(), SizeIs(1));
  EXPECT_EQ(vannas.cases(0).status(), v1::CASE_STATUS_CLOSED);
  EXPECT_EQ(vannas.cases(0).case_id(), imported.results(3).case_id());

  // The last line is the Vuxentorget participant's second case, referred to
  // NAFS after the first closed, awaiting the beredningsgrupp.
  EXPECT_EQ(imported.results(4).participant_id(), imported.results(1).participant_id());
  ASSERT_OK_AND_ASSIGN(v1::CaseSummary nafs, SummaryOf(imported.results(4).case_id()));
  EXPECT_EQ(nafs.status(), v1::CASE_STATUS_REFERRED);
  EXPECT_EQ(nafs.platform_id(), "nafs");
}

// Only an administrator imports.
class ImportAccessTest : public ImportServiceTest {
 protected:
  ImportAccessTest() { insecure_dev_ = false; }

  std::string TokenWithRole(auth::Role role) {
    auth::Principal principal;
    principal.user_id = absl::StrCat("user-", auth::RoleName(role));
    principal.forbund_id = "umearegionen";
    principal.roles = {role};
    if (role == auth::Role::kCoordinator) principal.platform_ids = {"vuxentorget"};
    if (role == auth::Role::kPartyOfficer) principal.party_id = "af";
    absl::StatusOr<std::string> token =
        server().token_minter().Mint(principal, Now(), absl::Hours(1));
    EXPECT_TRUE(token.ok()) << token.status();
    return token.value_or("");
  }
};

TEST_F(ImportAccessTest, OnlyAnAdministratorImports) {
  for (auth::Role role : auth::kAllRoles) {
    set_token(TokenWithRole(role));
    const absl::StatusOr<v1::ImportCasesResponse> response = Import({GoodRow(2)}, true);
    if (role == auth::Role::kAdmin) {
      ASSERT_OK(response.status());
      EXPECT_EQ(response->valid_count(), 1);
    } else {
      EXPECT_THAT(response.status(), ::torg::testing::StatusIs(absl::StatusCode::kPermissionDenied))
          << auth::RoleName(role);
    }
  }
}

}  // namespace
}  // namespace torg::import_test
