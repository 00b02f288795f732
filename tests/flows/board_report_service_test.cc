// FlowService.GetBoardReport through gRPC on a real torgd: the file is
// protected for the board whoever asks (small counts ".."), in CSV and in the
// workbook; time travel gives the same bytes later; bad requests and roles
// without access.
// The expected figures are worked out by hand from the cases the test makes.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/auth/principal.h"
#include "tests/caseflow/caseflow_fixture.h"
#include "tests/flows/zip_entries.h"
#include "tests/support/status_matchers.h"
#include "torg/v1/flow_service.grpc.pb.h"

namespace torg {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using ::torg::testing::StatusIs;

constexpr absl::CivilDay kBrsReferred(2026, 3, 2);
constexpr absl::CivilDay kBrsEnrolled(2026, 3, 5);
constexpr absl::CivilDay kBrsClosed(2026, 5, 20);

class BoardReportServiceTest : public caseflow_test::CaseFlowTest {
 protected:
  BoardReportServiceTest() { insecure_dev_ = false; }

  void SetUp() override {
    caseflow_test::CaseFlowTest::SetUp();
    if (HasFatalFailure()) return;
    flows_ = v1::FlowService::NewStub(channel());
    SetToday(absl::CivilDay(2026, 7, 15));
    set_token(TokenFor({auth::Role::kCoordinator}, {"ungdomstorget"}));
    // Two women referred to Ungdomstorget on 2 March, enrolled, assessed and
    // in coordination on 5 March; the second closed in work on 20 May.
    std::vector<std::string> case_ids;
    for (int i = 0; i < 2; ++i) {
      ASSERT_OK_AND_ASSIGN(const v1::Participant participant,
                           RegisterPerson(absl::CivilDay(2002, 4, 1 + i), "2480", kBrsReferred));
      ASSERT_OK(
          GiveConsent(participant.participant_id(), caseflow_test::UmeaParties(), kBrsReferred)
              .status());
      ASSERT_OK_AND_ASSIGN(const v1::CaseSummary referred,
                           Refer(participant.participant_id(), "ungdomstorget", kBrsReferred));
      ASSERT_OK(AdvanceTo(referred.case_id(), v1::CASE_STATUS_COORDINATING, kBrsEnrolled).status());
      case_ids.push_back(referred.case_id());
    }
    before_closure_ = LastPosition();
    ASSERT_OK(AdvanceTo(case_ids[1], v1::CASE_STATUS_CLOSED, kBrsClosed).status());
  }

  static v1::GetBoardReportRequest FirstHalf(const std::string& platform_id,
                                             v1::BoardReportFormat format) {
    v1::GetBoardReportRequest request;
    request.set_platform_id(platform_id);
    request.set_year(2026);
    request.set_period(v1::BOARD_REPORT_PERIOD_FIRST_HALF);
    request.set_format(format);
    return request;
  }

  absl::StatusOr<v1::GetBoardReportResponse> BoardReport(
      const v1::GetBoardReportRequest& request) const {
    return Invoke<v1::GetBoardReportResponse>(
        [&](grpc::ClientContext* context, v1::GetBoardReportResponse* response) {
          return flows_->GetBoardReport(context, request, response);
        });
  }

  absl::StatusOr<v1::GetPeriodReportResponse> PeriodReport(const std::string& platform_id) const {
    v1::GetPeriodReportRequest request;
    request.set_platform_id(platform_id);
    *request.mutable_first_day() = caseflow_test::DateOf(absl::CivilDay(2026, 1, 1));
    *request.mutable_last_day() = caseflow_test::DateOf(absl::CivilDay(2026, 6, 30));
    return Invoke<v1::GetPeriodReportResponse>(
        [&](grpc::ClientContext* context, v1::GetPeriodReportResponse* response) {
          return flows_->GetPeriodReport(context, request, response);
        });
  }

  static absl::TimeZone SwedishTimeZone() {
    absl::TimeZone stockholm;
    EXPECT_TRUE(absl::LoadTimeZone("Europe/Stockholm", &stockholm));
    return stockholm;
  }

  std::unique_ptr<v1::FlowService::Stub> flows_;
  uint64_t before_closure_ = 0;
};

TEST_F(BoardReportServiceTest, ACoordinatorGetsTheFileProtectedForTheBoard) {
  // The coordinator sees every case of the platform counted in
  // GetPeriodReport, but the file is made to be passed on to the board.
  ASSERT_OK_AND_ASSIGN(const v1::GetBoardReportResponse report,
                       BoardReport(FirstHalf("ungdomstorget", v1::BOARD_REPORT_FORMAT_CSV)));
  EXPECT_EQ(report.file_name(), "halvarsstatistik-2026H1-ungdomstorget.csv");
  EXPECT_EQ(report.media_type(), "text/csv; charset=utf-8");
  EXPECT_EQ(report.suppression_threshold(), 5);
  EXPECT_EQ(report.log_position(), LastPosition());
  ASSERT_OK_AND_ASSIGN(const v1::GetPeriodReportResponse period, PeriodReport("ungdomstorget"));
  EXPECT_EQ(report.log_position(), period.log_position());
  EXPECT_EQ(period.suppression_threshold(), 0);

  const std::string& csv = report.content();
  EXPECT_THAT(csv, StartsWith("\xEF\xBB\xBFHalvårsstatistik, första halvåret 2026\r\n"
                              "Samordningsförbund;Samordningsförbundet Umeåregionen\r\n"
                              "Plattform;Ungdomstorget\r\n"
                              "Period;2026-01-01 – 2026-06-30\r\n"));
  EXPECT_THAT(csv, HasSubstr(absl::StrCat("Loggposition;", LastPosition(), "\r\n")));
  // The store stamps events with the real clock, not the test's: the
  // heading gives the Swedish day the last event counted was recorded.
  ASSERT_OK_AND_ASSIGN(const std::vector<storage::RecordedEvent> last,
                       server().store().ReadAll(report.log_position(), 1));
  ASSERT_EQ(last.size(), 1u);
  const absl::CivilDay recorded_on = absl::ToCivilDay(last[0].recorded_at, SwedishTimeZone());
  EXPECT_THAT(csv,
              HasSubstr(absl::StrFormat("Registrerat t.o.m.;%04d-%02d-%02d\r\n", recorded_on.year(),
                                        recorded_on.month(), recorded_on.day())));
  // Two women active and new, one closed in unsubsidised work, one ongoing:
  // every count from 1 to 4 hidden, zeros shown.
  EXPECT_THAT(csv, HasSubstr("Aktiva under perioden;..;0;0;..\r\n"
                             "Nya (inskrivna);..;0;0;..\r\n"
                             "Avslutade;..;0;0;..\r\n"));
  EXPECT_THAT(csv, HasSubstr("Inflyttade (överlämning);0;0;0;0\r\n"
                             "Utflyttade (överlämning);0;0;0;0\r\n"));
  EXPECT_THAT(csv, HasSubstr("Inskrivning till avslut;..;..;..;..\r\n"));
  EXPECT_THAT(csv, HasSubstr("Samtliga överlämningar;0;0;\r\n"
                             "Avvikelser öppna vid periodens slut;;0;\r\n"));
  for (const char* small : {";1;", ";2;", ";1\r\n", ";2\r\n"}) {
    EXPECT_THAT(csv, ::testing::Not(HasSubstr(small))) << small;
  }

  set_token(TokenFor({auth::Role::kSteering}, {}));
  ASSERT_OK_AND_ASSIGN(const v1::GetBoardReportResponse steering,
                       BoardReport(FirstHalf("ungdomstorget", v1::BOARD_REPORT_FORMAT_CSV)));
  EXPECT_EQ(steering.content(), csv);
}

TEST_F(BoardReportServiceTest, ASteeringUserGetsDotsInCsvAndWorkbook) {
  set_token(TokenFor({auth::Role::kSteering}, {}));
  ASSERT_OK_AND_ASSIGN(const v1::GetBoardReportResponse csv,
                       BoardReport(FirstHalf("ungdomstorget", v1::BOARD_REPORT_FORMAT_CSV)));
  EXPECT_EQ(csv.suppression_threshold(), 5);
  EXPECT_THAT(csv.content(), HasSubstr("Aktiva under perioden;..;0;0;..\r\n"));
  EXPECT_THAT(csv.content(), HasSubstr("Inskrivning till avslut;..;..;..;..\r\n"));
  EXPECT_THAT(csv.content(), HasSubstr("\r\n.. = dolt värde. Antal från 1 till 4 visas inte"));

  ASSERT_OK_AND_ASSIGN(const v1::GetBoardReportResponse xlsx,
                       BoardReport(FirstHalf("ungdomstorget", v1::BOARD_REPORT_FORMAT_XLSX)));
  EXPECT_EQ(xlsx.file_name(), "halvarsstatistik-2026H1-ungdomstorget.xlsx");
  EXPECT_EQ(xlsx.media_type(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(xlsx.log_position(), csv.log_position());
  ASSERT_OK_AND_ASSIGN(auto files, flows_test::ZipEntries(xlsx.content()));
  ASSERT_OK_AND_ASSIGN(
      const auto cells,
      flows_test::ReadSheetCells(files["xl/worksheets/sheet1.xml"], files["xl/sharedStrings.xml"]));
  std::string active_row;
  for (const auto& [reference, text] : cells) {
    if (reference[0] == 'A' && text == "Aktiva under perioden") active_row = reference.substr(1);
  }
  ASSERT_FALSE(active_row.empty());
  EXPECT_EQ(cells.at("B" + active_row), "..");
  EXPECT_EQ(cells.at("C" + active_row), "0");
  EXPECT_EQ(cells.at("E" + active_row), "..");
}

TEST_F(BoardReportServiceTest, AsOfAPositionGivesTheSameBytesWhenAskedLater) {
  v1::GetBoardReportRequest request = FirstHalf("ungdomstorget", v1::BOARD_REPORT_FORMAT_CSV);
  request.mutable_as_of()->set_log_position(before_closure_);
  ASSERT_OK_AND_ASSIGN(const v1::GetBoardReportResponse csv, BoardReport(request));
  EXPECT_EQ(csv.log_position(), before_closure_);
  EXPECT_THAT(csv.content(), HasSubstr("Avslutade;0;0;0;0\r\n"));
  EXPECT_THAT(csv.content(), HasSubstr("Pågående vid periodens slut;..;0;0;..\r\n"));
  EXPECT_THAT(csv.content(), HasSubstr("Inskrivning till avslut;0;;;\r\n"));
  request.set_format(v1::BOARD_REPORT_FORMAT_XLSX);
  ASSERT_OK_AND_ASSIGN(const v1::GetBoardReportResponse xlsx, BoardReport(request));

  // Months later, after more steps: nothing in the file depends on when it
  // was asked for.
  SetToday(absl::CivilDay(2026, 11, 3));
  set_token(TokenFor({auth::Role::kCoordinator}, {"ungdomstorget"}));
  ASSERT_OK_AND_ASSIGN(
      const v1::Participant later,
      RegisterPerson(absl::CivilDay(1990, 1, 1), "2480", absl::CivilDay(2026, 11, 3)));
  ASSERT_GT(LastPosition(), csv.log_position());
  ASSERT_OK_AND_ASSIGN(const v1::GetBoardReportResponse xlsx_again, BoardReport(request));
  EXPECT_EQ(xlsx_again.content(), xlsx.content());
  request.set_format(v1::BOARD_REPORT_FORMAT_CSV);
  ASSERT_OK_AND_ASSIGN(const v1::GetBoardReportResponse csv_again, BoardReport(request));
  EXPECT_EQ(csv_again.content(), csv.content());
}

TEST_F(BoardReportServiceTest, TheForbundsReportIsSuppressedForACoordinatorOfOnePlatform) {
  v1::GetBoardReportRequest request = FirstHalf("", v1::BOARD_REPORT_FORMAT_CSV);
  request.set_period(v1::BOARD_REPORT_PERIOD_YEAR);
  ASSERT_OK_AND_ASSIGN(const v1::GetBoardReportResponse report, BoardReport(request));
  EXPECT_EQ(report.file_name(), "arsrapport-2026-forbundet.csv");
  EXPECT_EQ(report.suppression_threshold(), 5);
  EXPECT_EQ(caseflow_test::DayOf(report.last_day()), absl::CivilDay(2026, 12, 31));
  EXPECT_THAT(report.content(), StartsWith("\xEF\xBB\xBFÅrsrapport 2026\r\n"));
  EXPECT_THAT(report.content(), HasSubstr("Plattform;Hela förbundet\r\n"));
  EXPECT_THAT(report.content(), HasSubstr("Aktiva under perioden;..;0;0;..\r\n"));
  // The förbund has no moves between its own platforms.
  EXPECT_THAT(report.content(), ::testing::Not(HasSubstr("Inflyttade")));
}

TEST_F(BoardReportServiceTest, BadRequestsAreInvalidArguments) {
  v1::GetBoardReportRequest no_year = FirstHalf("ungdomstorget", v1::BOARD_REPORT_FORMAT_CSV);
  no_year.set_year(0);
  EXPECT_THAT(BoardReport(no_year), StatusIs(absl::StatusCode::kInvalidArgument));
  v1::GetBoardReportRequest no_half = FirstHalf("ungdomstorget", v1::BOARD_REPORT_FORMAT_CSV);
  no_half.set_period(v1::BOARD_REPORT_PERIOD_UNSPECIFIED);
  EXPECT_THAT(BoardReport(no_half),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("FIRST_HALF")));
  v1::GetBoardReportRequest wrong_half = FirstHalf("ungdomstorget", v1::BOARD_REPORT_FORMAT_CSV);
  wrong_half.set_period(static_cast<v1::BoardReportPeriod>(3 + 5));
  EXPECT_THAT(BoardReport(wrong_half), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(BoardReport(FirstHalf("ungdomstorget", v1::BOARD_REPORT_FORMAT_UNSPECIFIED)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("CSV or XLSX")));
  EXPECT_THAT(BoardReport(FirstHalf("no-such-platform", v1::BOARD_REPORT_FORMAT_CSV)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no-such-platform")));
  v1::GetBoardReportRequest future = FirstHalf("ungdomstorget", v1::BOARD_REPORT_FORMAT_CSV);
  future.mutable_as_of()->set_log_position(LastPosition() + 100);
  EXPECT_THAT(BoardReport(future), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(BoardReportServiceTest, RolesWithoutSteeringFiguresAreRefused) {
  for (const auth::Role role :
       {auth::Role::kExporter, auth::Role::kAuditor, auth::Role::kPartyOfficer}) {
    set_token(TokenFor({role}, {}));
    EXPECT_THAT(BoardReport(FirstHalf("ungdomstorget", v1::BOARD_REPORT_FORMAT_XLSX)),
                StatusIs(absl::StatusCode::kPermissionDenied))
        << auth::RoleName(role);
  }
}

}  // namespace
}  // namespace torg
