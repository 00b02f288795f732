// The command line of `torgctl report period`: the period shorthands, the
// one-period rule and the as-of options, parsed and run as main does, the
// request caught before it would reach torgd.

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "clients/torgctl/cli_parsing.h"
#include "clients/torgctl/command.h"
#include "clients/torgctl/report_command.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"
#include "tests/torgctl/command_line.h"

namespace torg::torgctl {
namespace {

using ::testing::HasSubstr;
using torg::testing::StatusIs;

// torgctl with the report commands; the request `report period` would send
// is kept instead.
class ReportCommandLine : public TorgctlCommandLine {
 public:
  ReportCommandLine() {
    app_.fallthrough();
    AddReportCommands(
        app_, invocation_,
        [this](const GlobalOptions&, CommandIo&, const torg::v1::GetPeriodReportRequest& request) {
          sent_ = request;
          return kExitOk;
        });
  }

  const std::optional<torg::v1::GetPeriodReportRequest>& sent() const { return sent_; }

 private:
  std::optional<torg::v1::GetPeriodReportRequest> sent_;
};

// "FIRST..LAST" of the request `report period` sends with `options`, or
// "exit N: <stderr>" when it sends none.
std::string PeriodSent(const std::vector<std::string>& options) {
  ReportCommandLine line;
  std::vector<std::string> args = {"report", "period"};
  args.insert(args.end(), options.begin(), options.end());
  const int exit_code = line.Run(args);
  if (!line.sent().has_value()) return "exit " + std::to_string(exit_code) + ": " + line.err();
  return FormatDate(line.sent()->first_day()) + ".." + FormatDate(line.sent()->last_day());
}

TEST(ReportPeriodCommandTest, EachShorthandGivesItsFirstAndLastDay) {
  EXPECT_EQ(PeriodSent({"--year", "2026"}), "2026-01-01..2026-12-31");
  EXPECT_EQ(PeriodSent({"--half", "2026H1"}), "2026-01-01..2026-06-30");
  EXPECT_EQ(PeriodSent({"--half", "2026H2"}), "2026-07-01..2026-12-31");
  EXPECT_EQ(PeriodSent({"--half", "2026h2"}), "2026-07-01..2026-12-31");
  EXPECT_EQ(PeriodSent({"--quarter", "2026Q1"}), "2026-01-01..2026-03-31");
  EXPECT_EQ(PeriodSent({"--quarter", "2026Q3"}), "2026-07-01..2026-09-30");
  EXPECT_EQ(PeriodSent({"--quarter", "2026Q4"}), "2026-10-01..2026-12-31");
  EXPECT_EQ(PeriodSent({"--month", "2026-03"}), "2026-03-01..2026-03-31");
  EXPECT_EQ(PeriodSent({"--month", "2024-02"}), "2024-02-01..2024-02-29");
  EXPECT_EQ(PeriodSent({"--month", "2026-02"}), "2026-02-01..2026-02-28");
  EXPECT_EQ(PeriodSent({"--month", "2026-12"}), "2026-12-01..2026-12-31");
  EXPECT_EQ(PeriodSent({"--from", "2026-03-15", "--to", "2026-04-14"}), "2026-03-15..2026-04-14");
  // One day is a period too.
  EXPECT_EQ(PeriodSent({"--from", "2026-03-15", "--to", "2026-03-15"}), "2026-03-15..2026-03-15");
}

TEST(ReportPeriodCommandTest, PlatformAndAsOfReachTheRequest) {
  ReportCommandLine by_position;
  ASSERT_EQ(by_position.Run({"report", "period", "--platform", "ungdomstorget", "--year", "2026",
                             "--as-of-position", "42"}),
            kExitOk)
      << by_position.err();
  ASSERT_TRUE(by_position.sent().has_value());
  EXPECT_EQ(by_position.sent()->platform_id(), "ungdomstorget");
  EXPECT_EQ(by_position.sent()->as_of().log_position(), 42u);

  ReportCommandLine by_date;
  ASSERT_EQ(by_date.Run({"report", "period", "--month", "2026-03", "--as-of-date", "2026-04-10"}),
            kExitOk)
      << by_date.err();
  ASSERT_TRUE(by_date.sent().has_value());
  EXPECT_EQ(by_date.sent()->platform_id(), "");
  EXPECT_EQ(FormatDate(by_date.sent()->as_of().recorded_by_end_of()), "2026-04-10");

  ReportCommandLine now;
  ASSERT_EQ(now.Run({"report", "period", "--half", "2026H1"}), kExitOk) << now.err();
  ASSERT_TRUE(now.sent().has_value());
  EXPECT_FALSE(now.sent()->has_as_of());
}

TEST(ReportPeriodCommandTest, WithoutAPeriodIsAUsageErrorNamingTheOptions) {
  EXPECT_EQ(PeriodSent({}),
            "exit 2: torgctl report period: give the period: --from and --to, --year, --half, "
            "--quarter or --month\nRun with --help for more information.\n");
  EXPECT_EQ(PeriodSent({"--platform", "ungdomstorget"}).substr(0, 7), "exit 2:");
}

TEST(ReportPeriodCommandTest, TwoPeriodsAreAUsageErrorNamingThem) {
  EXPECT_THAT(PeriodSent({"--year", "2026", "--month", "2026-03"}),
              HasSubstr("exit 2: torgctl report period: give one period, not --year and --month "
                        "together"));
  EXPECT_THAT(PeriodSent({"--from", "2026-01-01", "--to", "2026-03-31", "--quarter", "2026Q1"}),
              HasSubstr("exit 2: torgctl report period: give one period, not --from/--to and "
                        "--quarter together"));
  EXPECT_THAT(PeriodSent({"--half", "2026H1", "--quarter", "2026Q1", "--month", "2026-01"}),
              HasSubstr("not --half, --quarter and --month together"));
  EXPECT_THAT(PeriodSent({"--to", "2026-03-31", "--year", "2026"}),
              HasSubstr("not --to and --year together"));
}

TEST(ReportPeriodCommandTest, FromAndToGoTogether) {
  EXPECT_THAT(PeriodSent({"--from", "2026-01-01"}),
              HasSubstr("exit 2: torgctl report period: --from needs --to"));
  EXPECT_THAT(PeriodSent({"--to", "2026-01-01"}),
              HasSubstr("exit 2: torgctl report period: --to needs --from"));
  EXPECT_THAT(PeriodSent({"--from", "2026-03-01", "--to", "2026-02-28"}),
              HasSubstr("exit 2: torgctl report period: the period ends before it begins: --to "
                        "2026-02-28 is before --from 2026-03-01"));
}

TEST(ReportPeriodCommandTest, BadValuesAreUsageErrorsSayingWhatIsTaken) {
  EXPECT_THAT(PeriodSent({"--from", "2026-02-30", "--to", "2026-03-31"}),
              HasSubstr("'2026-02-30' is not a day of the calendar"));
  EXPECT_THAT(PeriodSent({"--from", "2026-3-1", "--to", "2026-03-31"}),
              HasSubstr("'2026-3-1' is not a date written as YYYY-MM-DD"));
  EXPECT_THAT(PeriodSent({"--month", "2023-02-29"}), HasSubstr("is not a month: give YYYY-MM"));
  EXPECT_THAT(PeriodSent({"--month", "2026-13"}), HasSubstr("'2026-13' is not a month"));
  EXPECT_THAT(PeriodSent({"--half", "2026H3"}), HasSubstr("'2026H3' is not a half-year"));
  EXPECT_THAT(PeriodSent({"--quarter", "2026Q5"}), HasSubstr("'2026Q5' is not a quarter"));
  EXPECT_THAT(PeriodSent({"--year", "26"}), HasSubstr("'26' is not a year"));
  EXPECT_THAT(PeriodSent({"--year", "2026", "--as-of-position", "0"}),
              HasSubstr("'0' is not a log position"));
  EXPECT_THAT(PeriodSent({"--year", "2026", "--as-of-date", "2026-04-31"}),
              HasSubstr("'2026-04-31' is not a day of the calendar"));
  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{"--from", "2026-02-30", "--to", "2026-03-31"},
        {"--month", "2026-13"},
        {"--year", "twenty"},
        {"--year", "2026", "--as-of-position", "-3"}}) {
    EXPECT_EQ(PeriodSent(bad).substr(0, 7), "exit 2:") << bad[0] << " " << bad[1];
  }
}

TEST(ReportPeriodCommandTest, BothAsOfOptionsAreAUsageError) {
  EXPECT_EQ(PeriodSent({"--year", "2026", "--as-of-position", "42", "--as-of-date", "2026-04-10"}),
            "exit 2: torgctl report period: give --as-of-position or --as-of-date, not both\n"
            "Run with --help for more information.\n");
}

TEST(ReportPeriodShorthandTest, RefusesOtherForms) {
  for (const char* text : {"", "2026 ", " 2026", "20266", "+026", "0000", "2026H1"}) {
    EXPECT_THAT(ParseYearPeriod(text), StatusIs(absl::StatusCode::kInvalidArgument)) << text;
  }
  for (const char* text : {"2026H0", "2026H", "2026 H1", "2026-H1", "2026Q1", "H1", "2026H12"}) {
    EXPECT_THAT(ParseHalfYearPeriod(text), StatusIs(absl::StatusCode::kInvalidArgument)) << text;
  }
  for (const char* text : {"2026Q0", "2026Q", "2026-Q3", "2026H1", "Q3", "2026Q+"}) {
    EXPECT_THAT(ParseQuarterPeriod(text), StatusIs(absl::StatusCode::kInvalidArgument)) << text;
  }
  for (const char* text : {"2026-00", "2026-3", "2026/03", "202603", "2026-+3", "2026-03-01"}) {
    EXPECT_THAT(ParseMonthPeriod(text), StatusIs(absl::StatusCode::kInvalidArgument)) << text;
  }
}

TEST(ReportPeriodRequestTest, BuildsFromTheFlags) {
  PeriodReportFlags flags;
  flags.platform_id = "vuxentorget";
  flags.quarter = *ParseQuarterPeriod("2025Q2");
  flags.as_of_position = 7;
  const auto request = PeriodReportRequest(flags);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->platform_id(), "vuxentorget");
  EXPECT_EQ(FormatDate(request->first_day()), "2025-04-01");
  EXPECT_EQ(FormatDate(request->last_day()), "2025-06-30");
  EXPECT_EQ(request->as_of().log_position(), 7u);

  flags.as_of_date = *ParseDate("2025-07-01");
  EXPECT_THAT(PeriodReportRequest(flags),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not both")));
}

}  // namespace
}  // namespace torg::torgctl
