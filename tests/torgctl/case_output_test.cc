#include "clients/torgctl/case_output.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace torg::torgctl {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

torg::v1::CaseChange CommitmentChange() {
  torg::v1::CaseChange change;
  torg::v1::CaseSummary* summary = change.mutable_case_summary();
  summary->set_case_id("c-1");
  summary->set_platform_id("ungdomstorget");
  summary->set_status(torg::v1::CASE_STATUS_COORDINATING);
  summary->mutable_owner()->set_owner_user_id("anna");
  summary->mutable_owner()->set_party_id("af");
  summary->set_version(7);
  torg::v1::TimelineEntry* entry = change.add_recorded();
  entry->set_version(7);
  torg::v1::CaseStep* step = entry->mutable_step();
  step->mutable_effective_date()->set_year(2026);
  step->mutable_effective_date()->set_month(3);
  step->mutable_effective_date()->set_day(2);
  torg::v1::CommitmentStep* commitment = step->mutable_commitment_added();
  commitment->set_commitment_id("k-1");
  commitment->set_kind(torg::v1::ACTIVITY_KIND_WORK_TRAINING);
  commitment->set_party_id("af");
  commitment->set_description("Arbetsträning\nfyra veckor");
  return change;
}

TEST(StepTest, NamesTheKindAndSummarisesOnOneLine) {
  const torg::v1::CaseChange change = CommitmentChange();
  const torg::v1::CaseStep& step = change.recorded(0).step();
  EXPECT_EQ(StepKindName(step), "commitment-added");
  EXPECT_EQ(StepText(step), "k-1 work-training by af: Arbetsträning / fyra veckor");
  EXPECT_EQ(StepKindName(torg::v1::CaseStep()), "unknown");
}

TEST(RenderCaseChangeTest, ShowsTheCaseTheRequestIdAndTheSteps) {
  const std::string text = RenderCaseChange(CommitmentChange(), "req-1");
  EXPECT_THAT(text, AllOf(HasSubstr("c-1"), HasSubstr("coordinating"), HasSubstr("ungdomstorget"),
                          HasSubstr("anna (af)"), HasSubstr("req-1"), HasSubstr("2026-03-02"),
                          HasSubstr("commitment-added"), Not(HasSubstr("Already recorded"))));
}

TEST(RenderCaseChangeTest, SaysWhenAReplayRecordedNothing) {
  torg::v1::CaseChange change = CommitmentChange();
  change.clear_recorded();
  change.set_replayed(true);
  EXPECT_THAT(RenderCaseChange(change, "req-1"), HasSubstr("nothing new"));
}

TEST(RenderListEndTest, SaysEmptyAndGivesTheNextPage) {
  EXPECT_EQ(RenderListEnd(0, "cases", ""), "No cases.\n");
  EXPECT_EQ(RenderListEnd(3, "cases", ""), "");
  EXPECT_EQ(RenderListEnd(3, "cases", "abc"), "More: --page-token abc\n");
}

}  // namespace
}  // namespace torg::torgctl
