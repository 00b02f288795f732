#include "clients/torgctl/access_output.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace torg::torgctl {
namespace {

using ::testing::HasSubstr;

TEST(TimestampTest, RoundTripsInTheZone) {
  const absl::Time time = absl::FromUnixSeconds(1774965600) + absl::Milliseconds(250);
  const google::protobuf::Timestamp timestamp = ToTimestamp(time);
  EXPECT_EQ(timestamp.seconds(), 1774965600);
  EXPECT_EQ(timestamp.nanos(), 250000000);
  EXPECT_EQ(FormatTimestamp(timestamp, absl::UTCTimeZone()), "2026-03-31 14:00:00");
  EXPECT_EQ(FormatTimestamp(timestamp, absl::FixedTimeZone(7200)), "2026-03-31 16:00:00");
  EXPECT_EQ(FormatTimestamp(google::protobuf::Timestamp(), absl::UTCTimeZone()), "");
}

TEST(RenderPrincipalTest, ShowsEveryField) {
  torg::v1::PrincipalView principal;
  principal.set_user_id("anna");
  principal.set_forbund_id("umearegionen");
  principal.set_party_id("af");
  principal.add_roles("coordinator");
  principal.add_roles("auditor");
  principal.add_platform_ids("ungdomstorget");
  principal.add_platform_ids("vuxentorget");
  principal.set_authenticated_by("jwt:torgd");
  EXPECT_EQ(RenderPrincipal(principal),
            "User              anna\n"
            "Förbund           umearegionen\n"
            "Party             af\n"
            "Roles             coordinator, auditor\n"
            "Platforms         ungdomstorget, vuxentorget\n"
            "Authenticated by  jwt:torgd\n");
}

TEST(RenderAuditEntriesTest, OneRowPerEntryThenTheNextPage) {
  google::protobuf::RepeatedPtrField<torg::v1::AuditEntry> entries;
  torg::v1::AuditEntry& entry = *entries.Add();
  entry.set_sequence(7);
  torg::v1::AuditRecord& record = *entry.mutable_record();
  *record.mutable_recorded_at() = ToTimestamp(absl::FromUnixSeconds(1774965600));
  record.set_user_id("anna");
  record.add_roles("coordinator");
  record.set_method("/torg.v1.CaseFileService/GetCase");
  record.set_outcome(torg::v1::AUDIT_OUTCOME_DENIED);
  record.set_purpose("handlaggning");
  record.add_participant_ids("p1");
  record.add_case_ids("c1");
  record.add_case_ids("c2");
  EXPECT_EQ(RenderAuditEntries(entries, "next", absl::UTCTimeZone()),
            "SEQ  TIME                 USER  ROLES        METHOD                   OUTCOME  "
            "PURPOSE       PARTICIPANTS  CASES\n"
            "7    2026-03-31 14:00:00  anna  coordinator  CaseFileService/GetCase  denied   "
            "handlaggning  p1            c1,c2\n"
            "More: --page-token next\n");
  EXPECT_EQ(RenderAuditEntries({}, "", absl::UTCTimeZone()), "No audit entries.\n");
}

TEST(RenderVerificationTest, IntactOrBrokenWithTheHead) {
  torg::v1::VerifyAuditLogResponse result;
  result.set_intact(true);
  result.set_entries_checked(1042);
  result.set_head_sequence(1042);
  result.set_head_hash_hex("9f86d0");
  EXPECT_EQ(RenderVerification(result), "intact: 1042 entries checked, head 1042:9f86d0\n");
  EXPECT_EQ(AnchorText(result), "1042:9f86d0");

  result.set_intact(false);
  result.set_entries_checked(17);
  result.set_first_broken_sequence(17);
  result.set_problem("its hash does not match its content");
  EXPECT_EQ(RenderVerification(result),
            "BROKEN at entry 17: its hash does not match its content\n"
            "17 entries checked, head 1042:9f86d0\n");
}

}  // namespace
}  // namespace torg::torgctl
