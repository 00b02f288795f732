// `torgctl report board`: its command line parsed and run as main does, the
// request caught before it would reach torgd; and the file written exactly
// as the server sent it.

#include "clients/torgctl/board_report_command.h"

#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "clients/torgctl/command.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace torg::torgctl {
namespace {

using ::testing::HasSubstr;

class BoardCommandLine : public TorgctlCommandLine {
 public:
  BoardCommandLine() {
    app_.fallthrough();
    CLI::App* report = app_.add_subcommand("report", "reports");
    AddBoardReportCommand(
        *report, invocation_,
        [this](const GlobalOptions&, CommandIo&, const torg::v1::GetBoardReportRequest& request,
               const std::string& out) {
          request_ = request;
          out_path_ = out;
          return kExitOk;
        });
  }

  std::optional<torg::v1::GetBoardReportRequest> request_;
  std::string out_path_;
};

TEST(BoardReportCommandTest, HalfAndYearBecomeThePeriodOfTheRequest) {
  BoardCommandLine half;
  ASSERT_EQ(half.Run({"report", "board", "--half", "2026H2", "--platform", "nafs", "--format",
                      "xlsx", "--out", "h2.xlsx", "--as-of-position", "42"}),
            kExitOk)
      << half.err();
  ASSERT_TRUE(half.request_.has_value());
  EXPECT_EQ(half.request_->year(), 2026);
  EXPECT_EQ(half.request_->period(), torg::v1::BOARD_REPORT_PERIOD_SECOND_HALF);
  EXPECT_EQ(half.request_->platform_id(), "nafs");
  EXPECT_EQ(half.request_->format(), torg::v1::BOARD_REPORT_FORMAT_XLSX);
  EXPECT_EQ(half.request_->as_of().log_position(), 42u);
  EXPECT_EQ(half.out_path_, "h2.xlsx");

  BoardCommandLine year;
  ASSERT_EQ(year.Run({"report", "board", "--year", "2025", "--format", "csv"}), kExitOk)
      << year.err();
  ASSERT_TRUE(year.request_.has_value());
  EXPECT_EQ(year.request_->year(), 2025);
  EXPECT_EQ(year.request_->period(), torg::v1::BOARD_REPORT_PERIOD_YEAR);
  EXPECT_EQ(year.request_->platform_id(), "");
  EXPECT_EQ(year.request_->format(), torg::v1::BOARD_REPORT_FORMAT_CSV);
  EXPECT_EQ(year.out_path_, "");
}

TEST(BoardReportCommandTest, AWrongCommandLineIsAUsageErrorAndSendsNothing) {
  BoardCommandLine both;
  EXPECT_EQ(both.Run({"report", "board", "--half", "2026H1", "--year", "2026", "--format", "csv"}),
            kExitUsage);
  EXPECT_FALSE(both.request_.has_value());
  EXPECT_THAT(both.err(), HasSubstr("not both"));

  BoardCommandLine no_format;
  EXPECT_EQ(no_format.Run({"report", "board", "--half", "2026H1"}), kExitUsage);
  EXPECT_FALSE(no_format.request_.has_value());
  EXPECT_THAT(no_format.err(), HasSubstr("--format"));

  BoardCommandLine third_half;
  EXPECT_EQ(third_half.Run({"report", "board", "--half", "2026H3", "--format", "csv"}), kExitUsage);
  EXPECT_FALSE(third_half.request_.has_value());

  BoardCommandLine pdf;
  EXPECT_EQ(pdf.Run({"report", "board", "--year", "2026", "--format", "pdf"}), kExitUsage);
  EXPECT_FALSE(pdf.request_.has_value());
}

TEST(BoardReportCommandTest, TheFileIsWrittenByteForByte) {
  torg::testing::TempDir dir;
  torg::v1::GetBoardReportResponse response;
  // 19 bytes: a BOM, CRLFs and a NUL, which must all reach the file.
  const std::string bytes("\xEF\xBB\xBFRubrik\r\nA;1\r\n\0PK", 19);
  response.set_content(bytes);
  response.set_file_name("halvarsstatistik-2026H1-forbundet.csv");
  response.set_log_position(7);
  response.set_suppression_threshold(5);
  std::ostringstream out;
  std::ostringstream err;
  CommandIo io{out, err};
  const std::string path = dir.Sub("tabell.csv");
  ASSERT_EQ(WriteBoardReport(response, path, io), kExitOk) << err.str();
  std::ifstream file(path, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(file), {}), bytes);
  EXPECT_THAT(err.str(), HasSubstr("loggposition 7"));
  EXPECT_THAT(err.str(), HasSubstr("från 1 till 4"));
  EXPECT_EQ(out.str(), "");

  EXPECT_EQ(WriteBoardReport(response, dir.Sub("no/such/dir/x.csv"), io), kExitFailure);
}

TEST(BoardReportCommandTest, AServerSuggestedNameOutsideTheCurrentDirectoryIsRefused) {
  torg::v1::GetBoardReportResponse response;
  response.set_content("x");
  for (const std::string name : {"../x.csv", "/tmp/x.csv", "sub/x.csv", ".bashrc", "a b.csv"}) {
    response.set_file_name(name);
    std::ostringstream out;
    std::ostringstream err;
    CommandIo io{out, err};
    EXPECT_EQ(WriteBoardReport(response, "", io), kExitFailure) << name;
    EXPECT_THAT(err.str(), HasSubstr("not a plain file name")) << name;
    EXPECT_THAT(err.str(), HasSubstr("--out")) << name;
  }
}

}  // namespace
}  // namespace torg::torgctl
