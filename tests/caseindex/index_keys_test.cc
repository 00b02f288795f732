// The key encoding of the case-flow projections: order, prefix-freedom,
// parsing and page tokens.

#include "services/caseindex/index_keys.h"

#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/casefile/case_state.h"

namespace torg::caseindex::keys {
namespace {

using ::testing::Optional;
using ::testing::SizeIs;

v1::CaseRecord ClosedCase() {
  v1::CaseRecord record;
  record.set_case_id("c1");
  record.set_participant_id("p1");
  record.set_platform_id("ungdomstorget");
  record.set_status(v1::CASE_RECORD_STATUS_CLOSED);
  *record.mutable_referral_date() = casefile::ToProtoDate(absl::CivilDay(2025, 3, 4));
  *record.mutable_closed_on() = casefile::ToProtoDate(absl::CivilDay(2026, 1, 31));
  return record;
}

TEST(IndexKeysTest, DatesOrderAsBytesAndIdsAreNotPrefixesOfEachOther) {
  v1::CaseRecord a = ClosedCase();
  a.set_status(v1::CASE_RECORD_STATUS_ENROLLED);
  v1::CaseRecord b = a;
  *b.mutable_referral_date() = casefile::ToProtoDate(absl::CivilDay(2025, 10, 1));
  const std::string key_a = *CaseIndexKeys(a).lower_bound(PlatformCasesPrefix("ungdomstorget"));
  const std::string key_b = *CaseIndexKeys(b).lower_bound(PlatformCasesPrefix("ungdomstorget"));
  EXPECT_LT(key_a, key_b);  // 2025-03-04 before 2025-10-01.

  // A platform whose id extends another's is not in the other's list.
  EXPECT_FALSE(PlatformCasesPrefix("plat2").rfind(PlatformCasesPrefix("plat"), 0) == 0);
  // Ids with NUL bytes and the separator survive a round trip.
  const std::string odd_id("a\0b\x01/", 5);
  std::string key = HandoversPrefix(HandoverList::kIncomingParty, "af");
  v1::CaseRecord record = a;
  record.set_case_id(odd_id);
  record.mutable_pending_handover()->set_kind(v1::HANDOVER_KIND_CASE_OWNER);
  record.mutable_pending_handover()->set_target_party_id("af");
  *record.mutable_pending_handover()->mutable_proposed_on() =
      casefile::ToProtoDate(absl::CivilDay(2026, 2, 3));
  const std::set<std::string> keys = CaseIndexKeys(record);
  auto it = keys.lower_bound(key);
  ASSERT_NE(it, keys.end());
  std::optional<ListEntry> entry = ParseListEntry(*it, key, EntryShape::kCase);
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ(entry->case_id, odd_id);
  EXPECT_EQ(entry->day, absl::CivilDay(2026, 2, 3));
}

TEST(IndexKeysTest, ClosedCaseHasFollowUpEntriesAtTheDomainsDueDates) {
  v1::CaseRecord record = ClosedCase();
  record.add_follow_ups_recorded(v1::FOLLOW_UP_POINT_6_MONTHS);
  std::set<std::string> keys = CaseIndexKeys(record);
  std::vector<ListEntry> entries;
  for (const std::string& key : keys) {
    if (key.rfind(FollowUpsPrefix(), 0) != 0) continue;
    std::optional<ListEntry> entry = ParseListEntry(key, FollowUpsPrefix(), EntryShape::kFollowUp);
    ASSERT_TRUE(entry.has_value());
    entries.push_back(*entry);
  }
  ASSERT_THAT(entries, SizeIs(2));
  EXPECT_EQ(entries[0].day, absl::CivilDay(2026, 4, 30));  // 31 Jan + 3 months.
  EXPECT_EQ(entries[0].point, v1::FOLLOW_UP_POINT_3_MONTHS);
  EXPECT_EQ(entries[1].day, absl::CivilDay(2027, 1, 31));
  EXPECT_EQ(entries[1].point, v1::FOLLOW_UP_POINT_12_MONTHS);
}

TEST(IndexKeysTest, RecordWithoutReferralHasNoKeys) {
  EXPECT_TRUE(CaseIndexKeys(v1::CaseRecord()).empty());
}

TEST(IndexKeysTest, MalformedEntriesDoNotParse) {
  const std::string prefix = PlatformCasesPrefix("x");
  EXPECT_EQ(ParseListEntry(prefix + "2026013", prefix, EntryShape::kCase), std::nullopt);
  EXPECT_EQ(ParseListEntry(prefix + "20261301", prefix, EntryShape::kCase), std::nullopt);
  EXPECT_EQ(ParseListEntry(prefix + std::string("20260101c1", 10), prefix, EntryShape::kCase),
            std::nullopt);  // Unterminated id.
  EXPECT_EQ(ParseListEntry("other", prefix, EntryShape::kCase), std::nullopt);
}

TEST(IndexKeysTest, PageTokensAreBoundToTheirList) {
  const std::string prefix = PlatformCasesPrefix("ungdomstorget");
  const std::string binding = ListBinding(prefix, {"cases"});
  const std::string last = prefix + "20260101c";
  const std::string token = EncodePageToken(binding, last);
  EXPECT_THAT(DecodePageToken(token, binding, prefix), Optional(last));
  EXPECT_EQ(
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);

  const std::string other_prefix = PlatformCasesPrefix("vuxentorget");
  EXPECT_EQ(DecodePageToken(token, ListBinding(other_prefix, {"cases"}), other_prefix),
            std::nullopt);
  EXPECT_EQ(DecodePageToken(token, ListBinding(prefix, {"cases", "owner"}), prefix), std::nullopt);
  EXPECT_EQ(DecodePageToken("not base64!", binding, prefix), std::nullopt);
  EXPECT_EQ(DecodePageToken(EncodePageToken(binding, prefix), binding, prefix), std::nullopt);
}

}  // namespace
}  // namespace torg::caseindex::keys
