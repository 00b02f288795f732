// `torgctl export`: its command lines parsed and run as main does, the
// request caught before it would reach torgd; the export stream put
// together byte for byte; and what the commands write, from hand-made
// answers.

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "clients/torgctl/cli_parsing.h"
#include "clients/torgctl/command.h"
#include "clients/torgctl/export_command.h"
#include "clients/torgctl/export_output.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"
#include "tests/torgctl/command_line.h"

namespace torg::torgctl {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using torg::testing::StatusIs;

// torgctl with the export commands; every request is kept instead of sent.
class ExportCommandLine : public TorgctlCommandLine {
 public:
  ExportCommandLine() {
    app_.fallthrough();
    ExportSenders senders;
    senders.sus = Keep(sus_);
    senders.regenerate = Keep(regenerate_);
    senders.diff = Keep(diff_);
    senders.list = [this](const GlobalOptions&, CommandIo&,
                          const torg::v1::ListSubmissionsRequest& request) {
      list_ = request;
      return kExitOk;
    };
    AddExportCommands(app_, invocation_, std::move(senders));
  }

  std::optional<torg::v1::ExportSusRequest> sus_;
  std::optional<torg::v1::RegenerateSubmissionRequest> regenerate_;
  std::optional<torg::v1::DiffSubmissionsRequest> diff_;
  std::optional<torg::v1::ListSubmissionsRequest> list_;
  SusOutputFiles files_;

 private:
  template <typename Request>
  ExportSender<Request> Keep(std::optional<Request>& into) {
    return [this, &into](const GlobalOptions&, CommandIo&, const Request& request,
                         const SusOutputFiles& files) {
      into = request;
      files_ = files;
      return kExitOk;
    };
  }
};

std::string ReadExportTestFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

torg::v1::SusSubmission ExportTestSubmission() {
  torg::v1::SusSubmission submission;
  submission.set_submission_id("sub-1");
  submission.set_platform_id("vuxentorget");
  submission.mutable_first_day()->set_year(2026);
  submission.mutable_first_day()->set_month(1);
  submission.mutable_first_day()->set_day(1);
  submission.mutable_last_day()->set_year(2026);
  submission.mutable_last_day()->set_month(6);
  submission.mutable_last_day()->set_day(30);
  submission.set_log_position(4711);
  submission.set_row_count(2);
  return submission;
}

torg::v1::SusExportChunk SubmissionChunk() {
  torg::v1::SusExportChunk chunk;
  *chunk.mutable_submission() = ExportTestSubmission();
  return chunk;
}

torg::v1::SusExportChunk CsvChunk(const std::string& bytes) {
  torg::v1::SusExportChunk chunk;
  chunk.set_csv(bytes);
  return chunk;
}

torg::v1::SusExportChunk ValidationChunk() {
  torg::v1::SusExportChunk chunk;
  torg::v1::SusValidationReport* report = chunk.mutable_validation();
  torg::v1::SusExcludedStay* stay = report->add_excluded();
  stay->set_reason(torg::v1::SUS_EXCLUSION_REASON_NO_SUS_CONSENT);
  stay->set_participant_id("p-7");
  stay->set_case_id("c-9");
  stay->set_stay_id("c-9.1");
  stay->set_message("registrera samtycke eller exportera utan");
  torg::v1::SusAnonymousCount* count = report->add_anonymous_counts();
  count->set_registration_year(2026);
  count->set_gender(torg::v1::GENDER_WOMAN);
  count->set_count(3);
  return chunk;
}

// CRLFs, ';', a quoted field, UTF-8 and a NUL: all must come out unchanged,
// split across chunks in the middle of a line and of a character.
const std::string kExportTestCsv =
    std::string("personnummer;kön\r\n198603121234;\"a;b\"\r\nåäö\xC3\xA5\0x;1\r\n", 52);

TEST(ExportCommandTest, SusTakesThePeriodOptionsOfReportPeriod) {
  ExportCommandLine half;
  ASSERT_EQ(half.Run({"export", "sus", "--platform", "vuxentorget", "--half", "2026H1",
                      "--request-id", "r-1", "--out", "sus.csv", "--validation", "v.txt"}),
            kExitOk)
      << half.err();
  ASSERT_TRUE(half.sus_.has_value());
  EXPECT_EQ(half.sus_->platform_id(), "vuxentorget");
  EXPECT_EQ(FormatDate(half.sus_->first_day()), "2026-01-01");
  EXPECT_EQ(FormatDate(half.sus_->last_day()), "2026-06-30");
  EXPECT_EQ(half.sus_->request_id(), "r-1");
  EXPECT_EQ(half.files_.csv_path, "sus.csv");
  EXPECT_EQ(half.files_.validation_path, "v.txt");

  ExportCommandLine range;
  ASSERT_EQ(range.Run({"export", "sus", "--platform", "vuxentorget", "--from", "2026-03-15", "--to",
                       "2026-04-14"}),
            kExitOk)
      << range.err();
  ASSERT_TRUE(range.sus_.has_value());
  EXPECT_EQ(FormatDate(range.sus_->last_day()), "2026-04-14");
  EXPECT_FALSE(range.sus_->request_id().empty()) << "a fresh request id when none is given";
  EXPECT_EQ(range.files_.csv_path, "");
}

TEST(ExportCommandTest, BadSusFlagsAreUsageErrorsAndSendNothing) {
  ExportCommandLine no_platform;
  EXPECT_EQ(no_platform.Run({"export", "sus", "--year", "2026"}), kExitUsage);
  EXPECT_THAT(no_platform.err(), HasSubstr("torgctl export sus: give --platform"));
  EXPECT_FALSE(no_platform.sus_.has_value());

  ExportCommandLine two_periods;
  EXPECT_EQ(two_periods.Run(
                {"export", "sus", "--platform", "vt", "--year", "2026", "--month", "2026-02"}),
            kExitUsage);
  EXPECT_THAT(two_periods.err(), HasSubstr("give one period"));
  EXPECT_FALSE(two_periods.sus_.has_value());

  ExportCommandLine no_period;
  EXPECT_EQ(no_period.Run({"export", "sus", "--platform", "vt"}), kExitUsage);
  EXPECT_FALSE(no_period.sus_.has_value());

  ExportCommandLine bad_quarter;
  EXPECT_EQ(bad_quarter.Run({"export", "sus", "--platform", "vt", "--quarter", "2026Q5"}),
            kExitUsage);
  EXPECT_FALSE(bad_quarter.sus_.has_value());

  ExportCommandLine two_cuts;
  EXPECT_EQ(two_cuts.Run({"export", "sus", "--platform", "vt", "--year", "2026", "--as-of-position",
                          "42", "--as-of-date", "2026-07-01"}),
            kExitUsage);
  EXPECT_THAT(two_cuts.err(), HasSubstr("not both"));
  EXPECT_FALSE(two_cuts.sus_.has_value());
}

TEST(ExportCommandTest, SusPassesTheAsOfCut) {
  ExportCommandLine by_position;
  ASSERT_EQ(by_position.Run(
                {"export", "sus", "--platform", "vt", "--year", "2026", "--as-of-position", "42"}),
            kExitOk)
      << by_position.err();
  ASSERT_TRUE(by_position.sus_.has_value());
  EXPECT_EQ(by_position.sus_->as_of().log_position(), 42u);

  ExportCommandLine by_date;
  ASSERT_EQ(by_date.Run({"export", "sus", "--platform", "vt", "--year", "2026", "--as-of-date",
                         "2026-07-01"}),
            kExitOk)
      << by_date.err();
  ASSERT_TRUE(by_date.sus_.has_value());
  const torg::v1::Date& day = by_date.sus_->as_of().recorded_by_end_of();
  EXPECT_EQ(FormatDate(day), "2026-07-01");

  ExportCommandLine now;
  ASSERT_EQ(now.Run({"export", "sus", "--platform", "vt", "--year", "2026"}), kExitOk) << now.err();
  ASSERT_TRUE(now.sus_.has_value());
  EXPECT_FALSE(now.sus_->has_as_of());
}

TEST(ExportCommandTest, ListTakesAnOptionalPlatform) {
  ExportCommandLine every;
  ASSERT_EQ(every.Run({"export", "list"}), kExitOk) << every.err();
  ASSERT_TRUE(every.list_.has_value());
  EXPECT_EQ(every.list_->platform_id(), "");

  ExportCommandLine one;
  ASSERT_EQ(one.Run({"export", "list", "--platform", "vuxentorget"}), kExitOk) << one.err();
  ASSERT_TRUE(one.list_.has_value());
  EXPECT_EQ(one.list_->platform_id(), "vuxentorget");

  ExportCommandLine stray;
  EXPECT_EQ(stray.Run({"export", "list", "sub-1"}), kExitUsage);
  EXPECT_FALSE(stray.list_.has_value());
}

TEST(ExportCommandTest, RegenerateAndDiffTakeSubmissionIds) {
  ExportCommandLine regenerate;
  ASSERT_EQ(regenerate.Run({"export", "regenerate", "sub-1", "--out", "again.csv"}), kExitOk)
      << regenerate.err();
  ASSERT_TRUE(regenerate.regenerate_.has_value());
  EXPECT_EQ(regenerate.regenerate_->submission_id(), "sub-1");
  EXPECT_EQ(regenerate.files_.csv_path, "again.csv");

  ExportCommandLine no_id;
  EXPECT_EQ(no_id.Run({"export", "regenerate"}), kExitUsage);
  EXPECT_FALSE(no_id.regenerate_.has_value());

  ExportCommandLine diff;
  ASSERT_EQ(diff.Run({"export", "diff", "sub-1", "sub-2"}), kExitOk) << diff.err();
  ASSERT_TRUE(diff.diff_.has_value());
  EXPECT_EQ(diff.diff_->old_submission_id(), "sub-1");
  EXPECT_EQ(diff.diff_->new_submission_id(), "sub-2");

  ExportCommandLine one_id;
  EXPECT_EQ(one_id.Run({"export", "diff", "sub-1"}), kExitUsage);
  EXPECT_FALSE(one_id.diff_.has_value());

  ExportCommandLine same;
  EXPECT_EQ(same.Run({"export", "diff", "sub-1", "sub-1"}), kExitUsage);
  EXPECT_FALSE(same.diff_.has_value());

  ExportCommandLine no_validation;
  EXPECT_EQ(no_validation.Run({"export", "diff", "a", "b", "--validation", "v.txt"}), kExitUsage);
  EXPECT_FALSE(no_validation.diff_.has_value());
}

TEST(SusExportAssemblerTest, ConcatenatesTheCsvByteForByte) {
  SusExportAssembler assembler;
  ASSERT_OK(assembler.Add(SubmissionChunk()));
  // Split inside "å" (two bytes) and inside a CRLF.
  ASSERT_OK(assembler.Add(CsvChunk(kExportTestCsv.substr(0, 15))));
  ASSERT_OK(assembler.Add(CsvChunk(kExportTestCsv.substr(15, 28))));
  ASSERT_OK(assembler.Add(CsvChunk(kExportTestCsv.substr(43))));
  ASSERT_OK(assembler.Add(ValidationChunk()));
  ASSERT_OK_AND_ASSIGN(const SusExportAssembly assembly, std::move(assembler).Finish());
  EXPECT_EQ(assembly.csv, kExportTestCsv);
  EXPECT_EQ(assembly.submission.submission_id(), "sub-1");
  EXPECT_EQ(assembly.validation.excluded_size(), 1);
}

TEST(SusExportAssemblerTest, RefusesAStreamOutOfOrderOrCutOff) {
  SusExportAssembler csv_first;
  EXPECT_THAT(csv_first.Add(CsvChunk("x")), StatusIs(absl::StatusCode::kInternal));

  SusExportAssembler csv_after_validation;
  ASSERT_OK(csv_after_validation.Add(SubmissionChunk()));
  ASSERT_OK(csv_after_validation.Add(ValidationChunk()));
  EXPECT_THAT(csv_after_validation.Add(CsvChunk("x")), StatusIs(absl::StatusCode::kInternal));

  SusExportAssembler empty_chunk;
  ASSERT_OK(empty_chunk.Add(SubmissionChunk()));
  EXPECT_THAT(empty_chunk.Add(torg::v1::SusExportChunk()), StatusIs(absl::StatusCode::kInternal));

  SusExportAssembler cut_off;
  ASSERT_OK(cut_off.Add(SubmissionChunk()));
  ASSERT_OK(cut_off.Add(CsvChunk("x")));
  EXPECT_THAT(std::move(cut_off).Finish().status(), StatusIs(absl::StatusCode::kInternal));

  SusExportAssembler nothing;
  EXPECT_THAT(std::move(nothing).Finish().status(), StatusIs(absl::StatusCode::kInternal));
}

TEST(SusExportOutputTest, WritesTheCsvToStdoutAndTheRestToStderr) {
  SusExportAssembly assembly{ExportTestSubmission(), kExportTestCsv,
                             ValidationChunk().validation()};
  std::ostringstream out;
  std::ostringstream err;
  CommandIo io{out, err};
  ASSERT_EQ(WriteSusExport(assembly, SusOutputFiles{}, "export sus", io), kExitOk);
  EXPECT_EQ(out.str(), kExportTestCsv);
  EXPECT_THAT(err.str(), AllOf(HasSubstr("Inlämning sub-1: plattform vuxentorget, 2026-01-01 – "
                                         "2026-06-30, loggposition 4711, 2 rader\n"),
                               HasSubstr("inget samtycke till SUS: deltagare p-7, ärende c-9, "
                                         "vistelse c-9.1 – registrera samtycke"),
                               HasSubstr("  2026 kvinna: 3\n")));
}

TEST(SusExportOutputTest, WritesTheCsvAndTheReportToTheirFilesExactly) {
  torg::testing::TempDir dir;
  SusExportAssembly assembly{ExportTestSubmission(), kExportTestCsv,
                             ValidationChunk().validation()};
  std::ostringstream out;
  std::ostringstream err;
  CommandIo io{out, err};
  const SusOutputFiles files{dir.Sub("sus.csv"), dir.Sub("validation.txt")};
  ASSERT_EQ(WriteSusExport(assembly, files, "export sus", io), kExitOk) << err.str();
  EXPECT_EQ(ReadExportTestFile(files.csv_path), kExportTestCsv);
  EXPECT_EQ(ReadExportTestFile(files.validation_path),
            RenderSusValidationReport(assembly.validation));
  EXPECT_EQ(out.str(), "");
  EXPECT_THAT(err.str(), AllOf(HasSubstr("loggposition 4711"), Not(HasSubstr("p-7"))));
}

TEST(SusExportOutputTest, AnUnwritableFileIsAFailure) {
  torg::testing::TempDir dir;
  SusExportAssembly assembly{ExportTestSubmission(), kExportTestCsv, {}};
  std::ostringstream out;
  std::ostringstream err;
  CommandIo io{out, err};
  const SusOutputFiles files{dir.Sub("no-such-dir/sus.csv"), ""};
  EXPECT_EQ(WriteSusExport(assembly, files, "export sus", io), kExitFailure);
  EXPECT_THAT(err.str(), HasSubstr("torgctl export sus: cannot write the CSV to "));
}

TEST(SusExportOutputTest, ListsSubmissionsAsATable) {
  EXPECT_EQ(RenderSusSubmissionList(torg::v1::ListSubmissionsResponse()), "Inga inlämningar\n");
  torg::v1::ListSubmissionsResponse list;
  torg::v1::SusSubmission& submission = *list.add_submissions();
  submission = ExportTestSubmission();
  submission.set_recorded_by("uppfoljare");
  submission.mutable_recorded_on()->set_year(2026);
  submission.mutable_recorded_on()->set_month(7);
  submission.mutable_recorded_on()->set_day(15);
  EXPECT_EQ(RenderSusSubmissionList(list),
            "INLÄMNING  PLATTFORM    PERIOD                   LOGGPOSITION  RADER  UTTAGEN     AV\n"
            "sub-1      vuxentorget  2026-01-01 – 2026-06-30  4711          2      2026-07-15  "
            "uppfoljare\n");
}

TEST(SusExportOutputTest, RendersAnEmptyValidationReport) {
  EXPECT_EQ(RenderSusValidationReport(torg::v1::SusValidationReport()), "Inga undantag\n");
}

TEST(SusExportOutputTest, DiffWritesTheCorrectionCsvAndASummary) {
  torg::v1::DiffSubmissionsResponse diff;
  *diff.mutable_old_submission() = ExportTestSubmission();
  *diff.mutable_new_submission() = ExportTestSubmission();
  diff.mutable_new_submission()->set_submission_id("sub-2");
  torg::v1::SusRowChange* changed = diff.add_changes();
  changed->set_kind(torg::v1::SUS_ROW_CHANGE_KIND_CHANGED);
  changed->set_torg_reference("c-1.1");
  changed->set_old_row("a;;c-1.1");
  changed->set_new_row("a;2026-06-01;c-1.1");
  torg::v1::SusRowChange* withdrawn = diff.add_changes();
  withdrawn->set_kind(torg::v1::SUS_ROW_CHANGE_KIND_WITHDRAWN);
  withdrawn->set_torg_reference("c-2.1");
  withdrawn->set_old_row("b;;c-2.1");
  diff.set_correction_csv("ändring;x\r\nändrad;a;2026-06-01;c-1.1\r\n");

  std::ostringstream out;
  std::ostringstream err;
  CommandIo io{out, err};
  ASSERT_EQ(WriteSusDiff(diff, "", "export diff", io), kExitOk);
  EXPECT_EQ(out.str(), diff.correction_csv());
  EXPECT_THAT(err.str(), AllOf(HasSubstr("sub-1"), HasSubstr("sub-2"),
                               HasSubstr("0 nya, 1 ändrade, 1 återkallade")));

  // Without correction_csv the changes are listed.
  diff.clear_correction_csv();
  std::ostringstream listed;
  CommandIo listed_io{listed, err};
  ASSERT_EQ(WriteSusDiff(diff, "", "export diff", listed_io), kExitOk);
  EXPECT_EQ(listed.str(), "ändrad c-1.1: a;2026-06-01;c-1.1\nåterkallad c-2.1: b;;c-2.1\n");
}

}  // namespace
}  // namespace torg::torgctl
