// The audit trail records even the largest disclosure: a SUS export of a
// large platform's year names over a hundred thousand participants, more
// than one link of the chain holds, and an export that cannot be recorded
// is not done at all.

#include "services/audit/audit_trail.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/embedded_event_store.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace torg::audit {
namespace {

using ::testing::ElementsAreArray;
using ::testing::EndsWith;
using ::testing::SizeIs;

v1::AuditRecord ExportRecord(int participants) {
  v1::AuditRecord record;
  record.set_user_id("exportor");
  record.set_method("/torg.v1.ExportService/ExportSus");
  record.set_purpose("uppföljning");
  record.set_outcome(v1::AUDIT_OUTCOME_ALLOWED);
  record.set_detail("SUS export of vuxentorget");
  for (int i = 0; i < participants; ++i) {
    record.add_participant_ids(absl::StrCat("participant-", 100000000 + i, "-abcdefghij"));
    record.add_case_ids(absl::StrCat("case-", 100000000 + i, "-abcdefghijklmnop"));
  }
  return record;
}

class AuditTrailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::EmbeddedStoreOptions options;
    options.directory = directory_.Sub("store");
    options.durability = storage::Durability::kUnsyncedForTestsOnly;
    ASSERT_OK_AND_ASSIGN(store_, storage::EmbeddedEventStore::Open(std::move(options)));
    trail_ = std::make_unique<AuditTrail>(*store_, [] { return absl::Now(); });
  }

  testing::TempDir directory_;
  std::unique_ptr<storage::EmbeddedEventStore> store_;
  std::unique_ptr<AuditTrail> trail_;
};

TEST(SplitForLinksTest, ASmallRecordIsOneLinkAsItIs) {
  const v1::AuditRecord record = ExportRecord(10);
  const std::vector<v1::AuditRecord> parts = AuditTrail::SplitForLinks(record);
  ASSERT_THAT(parts, SizeIs(1));
  EXPECT_EQ(parts[0].SerializeAsString(), record.SerializeAsString());
}

TEST(SplitForLinksTest, ALargeRecordIsSplitKeepingEveryIdOnceInOrder) {
  const v1::AuditRecord record = ExportRecord(150000);
  ASSERT_GT(record.ByteSizeLong(), storage::kMaxAuditPayloadBytes);
  const std::vector<v1::AuditRecord> parts = AuditTrail::SplitForLinks(record);
  ASSERT_GT(parts.size(), 1u);
  std::vector<std::string> participants, cases;
  for (size_t i = 0; i < parts.size(); ++i) {
    EXPECT_LE(parts[i].ByteSizeLong(), AuditTrail::kMaxLinkRecordBytes);
    EXPECT_EQ(parts[i].user_id(), "exportor");
    EXPECT_EQ(parts[i].method(), record.method());
    EXPECT_EQ(parts[i].detail(),
              absl::StrCat("SUS export of vuxentorget (part ", i + 1, " of ", parts.size(), ")"));
    participants.insert(participants.end(), parts[i].participant_ids().begin(),
                        parts[i].participant_ids().end());
    cases.insert(cases.end(), parts[i].case_ids().begin(), parts[i].case_ids().end());
  }
  EXPECT_THAT(participants, ElementsAreArray(record.participant_ids()));
  EXPECT_THAT(cases, ElementsAreArray(record.case_ids()));
}

TEST_F(AuditTrailTest, AnExportOfOverAHundredThousandIsRecordedAndFound) {
  ASSERT_OK(trail_->Record(ExportRecord(150000)));
  v1::QueryAuditLogRequest query;
  query.set_participant_id(absl::StrCat("participant-", 100000000 + 149999, "-abcdefghij"));
  ASSERT_OK_AND_ASSIGN(v1::QueryAuditLogResponse found, trail_->Query(query));
  ASSERT_THAT(found.entries(), SizeIs(1));
  EXPECT_THAT(found.entries(0).record().detail(), EndsWith(")"));
  EXPECT_TRUE(absl::StrContains(found.entries(0).record().detail(), "(part "));
  ASSERT_OK_AND_ASSIGN(v1::VerifyAuditLogResponse verified,
                       trail_->Verify(v1::VerifyAuditLogRequest()));
  EXPECT_TRUE(verified.intact()) << verified.problem();
  EXPECT_EQ(verified.entries_checked(), AuditTrail::SplitForLinks(ExportRecord(150000)).size());
}

}  // namespace
}  // namespace torg::audit
