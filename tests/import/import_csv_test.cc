// torgctl's reader of import files: the CSV form (separators, quotes, BOM,
// CRLF), the header, and rows that cannot be read. No server: the rules are
// the server's and tested in import_service_test.cc.

#include "clients/torgctl/import_csv.h"

#include <string>

#include "clients/torgctl/import_command.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"

namespace torg::import_test {
namespace {

namespace v1 = ::torg::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using torgctl::CsvTable;
using torgctl::ImportRowsFromCsv;
using torgctl::ParseCsv;

constexpr char kCsvHeader[] =
    "personnummer;gender;kommun_code;income_at_start;consent_form;platform_id;needed_party_ids;"
    "referral_date;decision_date";

TEST(ImportCsvTest, ReadsSemicolonsQuotesBomAndCrlf) {
  ASSERT_OK_AND_ASSIGN(CsvTable table, ParseCsv("\xEF\xBB\xBF"
                                                "a;b;c\r\n"
                                                "1;\"två; tre\";\"säger \"\"hej\"\"\"\r\n"
                                                "\r\n"
                                                "4;\"rad\r\nbrytning\";\r\n"));
  EXPECT_EQ(table.separator, ';');
  EXPECT_THAT(table.header.fields, ElementsAre("a", "b", "c"));
  ASSERT_THAT(table.records, SizeIs(2));
  EXPECT_THAT(table.records[0].fields, ElementsAre("1", "två; tre", "säger \"hej\""));
  EXPECT_EQ(table.records[0].line, 2);
  EXPECT_THAT(table.records[1].fields, ElementsAre("4", "rad\r\nbrytning", ""));
  EXPECT_EQ(table.records[1].line, 4);
}

TEST(ImportCsvTest, ReadsCommasWhenTheHeaderUsesThem) {
  ASSERT_OK_AND_ASSIGN(CsvTable table, ParseCsv("a,b\n\"x,y\",z\n"));
  EXPECT_EQ(table.separator, ',');
  ASSERT_THAT(table.records, SizeIs(1));
  EXPECT_THAT(table.records[0].fields, ElementsAre("x,y", "z"));
}

TEST(ImportCsvTest, AnOpenQuoteOrTextAfterAClosingQuoteIsAnError) {
  EXPECT_THAT(ParseCsv("a;b\n1;\"open\n2;3\n").status(),
              ::torg::testing::StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("line 2")));
  EXPECT_THAT(ParseCsv("a;b\n\"x\"y;2\n").status(),
              ::torg::testing::StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("line 2")));
  EXPECT_THAT(ParseCsv("").status(), ::torg::testing::StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseCsv("\xEF\xBB\xBF").status(),
              ::torg::testing::StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ImportCsvTest, MapsColumnsByNameToTypedRows) {
  ASSERT_OK_AND_ASSIGN(
      CsvTable table,
      ParseCsv(std::string(kCsvHeader) +
               ";sus_registration;plan_goals;closure_outcome;birth_year\n"
               "19980412-3827;woman;2480;unemployment-benefit|social-assistance;written;"
               "ungdomstorget;af | fk;2025-03-03;2025-03-17;Ja;Arbete|Studier;work-subsidised;\n"));
  ASSERT_OK_AND_ASSIGN(torgctl::CsvImportRows rows, ImportRowsFromCsv(table));
  ASSERT_THAT(rows.rows, SizeIs(1));
  EXPECT_THAT(rows.unreadable, SizeIs(0));
  const v1::ImportRow& row = rows.rows[0];
  EXPECT_EQ(row.row_number(), 2);
  EXPECT_EQ(row.personnummer(), "19980412-3827");
  EXPECT_EQ(row.gender(), v1::GENDER_WOMAN);
  EXPECT_THAT(row.income_at_start(), ElementsAre(v1::INCOME_SOURCE_UNEMPLOYMENT_BENEFIT,
                                                 v1::INCOME_SOURCE_SOCIAL_ASSISTANCE));
  EXPECT_THAT(row.needed_party_ids(), ElementsAre("af", "fk"));
  EXPECT_EQ(row.referral_date().year(), 2025);
  EXPECT_EQ(row.decision_date().day(), 17);
  EXPECT_TRUE(row.sus_registration());
  EXPECT_THAT(row.plan_goals(), ElementsAre("Arbete", "Studier"));
  EXPECT_EQ(row.closure_outcome(), v1::CLOSURE_OUTCOME_WORK_SUBSIDISED);
  EXPECT_EQ(row.birth_year(), 0);
  EXPECT_FALSE(row.has_closure_date());
}

TEST(ImportCsvTest, ARowWithTheWrongColumnCountOrAnUnreadableValueIsReportedAlone) {
  ASSERT_OK_AND_ASSIGN(
      CsvTable table,
      ParseCsv(std::string(kCsvHeader) +
               "\n"
               "19980412-3827;woman;2480;none;written;ungdomstorget;af|fk;2025-03-03;2025-03-17\n"
               "19980412-3827;woman;2480;none;written;ungdomstorget;af|fk;2025-03-03\n"
               "19980412-3827;kvinna;2480;none;written;ungdomstorget;af|fk;2025-03-03;2025-03-17\n"
               "19980412-3827;woman;2480;none;written;ungdomstorget;af|fk;3/3/2025;2025-03-17\n"));
  ASSERT_OK_AND_ASSIGN(torgctl::CsvImportRows rows, ImportRowsFromCsv(table));
  ASSERT_THAT(rows.rows, SizeIs(1));
  ASSERT_THAT(rows.unreadable, SizeIs(3));
  EXPECT_EQ(rows.unreadable[0].row_number(), 3);
  EXPECT_EQ(rows.unreadable[0].errors(0).field(), "row");
  EXPECT_THAT(rows.unreadable[0].errors(0).message(), HasSubstr("has 8 fields"));
  EXPECT_EQ(rows.unreadable[1].errors(0).field(), "gender");
  EXPECT_THAT(rows.unreadable[1].errors(0).message(), HasSubstr("woman"));
  EXPECT_EQ(rows.unreadable[2].errors(0).field(), "referral_date");
  for (const v1::ImportRowResult& result : rows.unreadable) {
    EXPECT_EQ(result.status(), v1::IMPORT_ROW_STATUS_REJECTED);
  }
}

TEST(ImportCsvTest, AnUnknownOrMissingColumnRefusesTheFile) {
  ASSERT_OK_AND_ASSIGN(CsvTable unknown, ParseCsv(std::string(kCsvHeader) + ";favoritfärg\n"));
  EXPECT_THAT(
      ImportRowsFromCsv(unknown).status(),
      ::torg::testing::StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("favoritfärg")));
  ASSERT_OK_AND_ASSIGN(CsvTable missing, ParseCsv("personnummer;gender\n"));
  EXPECT_THAT(
      ImportRowsFromCsv(missing).status(),
      ::torg::testing::StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("decision_date")));
}

TEST(ImportCsvTest, TheFileIsSentInBatchesAndTheAnswersMergedInLineOrder) {
  std::string text = std::string(kCsvHeader) + "\n";
  for (int i = 0; i < 1001; ++i) {
    text += "19980412-3827;woman;2480;none;written;ungdomstorget;af|fk;2025-03-03;2025-03-17\n";
  }
  text += "x;y\n";  // line 1003: unreadable
  int batches = 0;
  const torgctl::ImportBatchSender send =
      [&batches](const torgctl::GlobalOptions&,
                 const v1::ImportCasesRequest& request) -> absl::StatusOr<v1::ImportCasesResponse> {
    ++batches;
    EXPECT_LE(request.rows_size(), torgctl::kImportBatchRows);
    EXPECT_TRUE(request.dry_run());
    v1::ImportCasesResponse response;
    for (const v1::ImportRow& row : request.rows()) {
      v1::ImportRowResult* result = response.add_results();
      result->set_row_number(row.row_number());
      result->set_status(v1::IMPORT_ROW_STATUS_VALID);
    }
    return response;
  };
  ASSERT_OK_AND_ASSIGN(v1::ImportCasesResponse merged,
                       torgctl::ImportCsvText({}, text, /*dry_run=*/true, send));
  EXPECT_EQ(batches, 3);
  EXPECT_EQ(merged.valid_count(), 1001);
  EXPECT_EQ(merged.rejected_count(), 1);
  ASSERT_THAT(merged.results(), SizeIs(1002));
  EXPECT_EQ(merged.results(0).row_number(), 2);
  EXPECT_EQ(merged.results(1001).row_number(), 1003);
  EXPECT_FALSE(torgctl::ImportSucceeded(merged));
  const std::string report = torgctl::ImportReportCsv(merged);
  EXPECT_THAT(report, HasSubstr("row;status;participant_id;case_id;field;code;message\r\n"));
  EXPECT_THAT(report, HasSubstr("1003;rejected;;;row;INVALID_ARGUMENT;"));
  EXPECT_THAT(torgctl::RenderImportReport(merged),
              HasSubstr("1002 rows: 0 imported, 1001 valid, 0 already imported, 0 changed since "
                        "imported, 1 rejected"));
}

}  // namespace
}  // namespace torg::import_test
