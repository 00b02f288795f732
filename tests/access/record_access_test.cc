// The record half of the access rules, on facts built by hand: who works,
// receives and sees a case, and who sees a participant.

#include "services/access/record_access.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

#include "tests/support/status_matchers.h"

namespace torg::access {
namespace {

using auth::Principal;
using auth::Role;

Principal Coordinator(std::vector<std::string> platforms, std::string user = "anna") {
  Principal principal;
  principal.user_id = std::move(user);
  principal.forbund_id = "umea";
  principal.roles = {Role::kCoordinator};
  principal.platform_ids = std::move(platforms);
  return principal;
}

Principal Officer(std::string party) {
  Principal principal;
  principal.user_id = "olle";
  principal.forbund_id = "umea";
  principal.roles = {Role::kPartyOfficer};
  principal.party_id = std::move(party);
  return principal;
}

Principal WithRole(Role role) {
  Principal principal;
  principal.user_id = "someone";
  principal.forbund_id = "umea";
  principal.roles = {role};
  principal.platform_ids = {"ungdomstorget"};
  principal.party_id = "af";
  return principal;
}

CaseAccessFacts YouthCase() {
  CaseAccessFacts facts;
  facts.case_id = "CASE1";
  facts.participant_id = "P1";
  facts.platform_id = "ungdomstorget";
  facts.involved_party_ids = {"af", "fk"};
  facts.consented_party_ids = {"af", "fk", "region"};
  return facts;
}

TEST(WorksCase, CoordinatorOnTheCasesPlatform) {
  EXPECT_TRUE(WorksCase(Coordinator({"ungdomstorget"}), YouthCase()));
  EXPECT_FALSE(WorksCase(Coordinator({"vuxentorget"}), YouthCase()));
  EXPECT_FALSE(WorksCase(Coordinator({}), YouthCase()));
}

TEST(WorksCase, PartyOfficerNeedsInvolvementAndConsent) {
  EXPECT_TRUE(WorksCase(Officer("af"), YouthCase()));
  // Covered by consent, not involved.
  EXPECT_FALSE(WorksCase(Officer("region"), YouthCase()));
  CaseAccessFacts withdrawn = YouthCase();
  withdrawn.consented_party_ids = {"fk"};
  EXPECT_FALSE(WorksCase(Officer("af"), withdrawn));
  EXPECT_TRUE(WorksCase(Officer("fk"), withdrawn));
  // An officer without a party works nothing.
  EXPECT_FALSE(WorksCase(Officer(""), YouthCase()));
}

TEST(WorksCase, RolesWithoutCaseWorkSeeNoCase) {
  for (Role role : {Role::kSteering, Role::kExporter, Role::kAuditor, Role::kAdmin}) {
    EXPECT_FALSE(SeesCase(WithRole(role), YouthCase())) << auth::RoleName(role);
  }
}

TEST(ReceivesHandover, TheReceivingPlatformOrParty) {
  CaseAccessFacts to_adults = YouthCase();
  to_adults.receiving_platform_id = "vuxentorget";
  EXPECT_TRUE(ReceivesHandover(Coordinator({"vuxentorget"}), to_adults));
  EXPECT_TRUE(SeesCase(Coordinator({"vuxentorget"}), to_adults));
  EXPECT_FALSE(WorksCase(Coordinator({"vuxentorget"}), to_adults));
  EXPECT_FALSE(ReceivesHandover(Coordinator({"ungdomstorget"}), to_adults));

  CaseAccessFacts to_region = YouthCase();
  to_region.receiving_party_id = "region";
  EXPECT_TRUE(ReceivesHandover(Officer("region"), to_region));
  to_region.consented_party_ids = {"af"};
  EXPECT_FALSE(ReceivesHandover(Officer("region"), to_region));
  EXPECT_FALSE(ReceivesHandover(Coordinator({"ungdomstorget"}), YouthCase()));
}

TEST(SeesParticipant, ThroughAnyCaseTheyWorkOrReceive) {
  ParticipantAccessFacts facts;
  facts.participant_id = "P1";
  facts.cases = {YouthCase()};
  facts.consented_party_ids = YouthCase().consented_party_ids;
  EXPECT_TRUE(SeesParticipant(Coordinator({"ungdomstorget"}), facts));
  EXPECT_FALSE(SeesParticipant(Coordinator({"vuxentorget"}), facts));
  EXPECT_TRUE(SeesParticipant(Officer("af"), facts));
  EXPECT_FALSE(SeesParticipant(Officer("region"), facts));
}

TEST(SeesParticipant, InIntakeEveryCoordinatorButProtectedOnlyTheRegistrant) {
  ParticipantAccessFacts intake;
  intake.participant_id = "P2";
  intake.registered_by = "anna";
  EXPECT_TRUE(SeesParticipant(Coordinator({"vuxentorget"}, "bert"), intake));
  EXPECT_FALSE(SeesParticipant(Officer("af"), intake));
  intake.protected_identity = true;
  EXPECT_TRUE(SeesParticipant(Coordinator({"vuxentorget"}, "anna"), intake));
  EXPECT_FALSE(SeesParticipant(Coordinator({"vuxentorget"}, "bert"), intake));
}

class FakeFacts : public RecordFactsSource {
 public:
  absl::StatusOr<std::optional<CaseAccessFacts>> CaseFacts(
      absl::string_view case_id) const override {
    const auto found = cases.find(std::string(case_id));
    if (found == cases.end()) return std::nullopt;
    return found->second;
  }
  absl::StatusOr<std::optional<ParticipantAccessFacts>> ParticipantFacts(
      absl::string_view participant_id) const override {
    const auto found = participants.find(std::string(participant_id));
    if (found == participants.end()) return std::nullopt;
    return found->second;
  }
  absl::StatusOr<bool> IsRetryOfOwnCommand(absl::string_view, const google::protobuf::Message&,
                                           absl::string_view) const override {
    return false;
  }
  std::map<std::string, CaseAccessFacts> cases;
  std::map<std::string, ParticipantAccessFacts> participants;
};

TEST(CheckRecord, ADeniedCaseAndAMissingOneLookTheSame) {
  FakeFacts facts;
  facts.cases["CASE1"] = YouthCase();
  const Principal outsider = Coordinator({"vuxentorget"});
  const absl::StatusOr<AccessedRecord> denied =
      CheckRecord(outsider, RecordRule::kVisibleCase, "CASE1", facts);
  const absl::StatusOr<AccessedRecord> missing =
      CheckRecord(outsider, RecordRule::kVisibleCase, "CASE9", facts);
  EXPECT_EQ(denied.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kPermissionDenied);
  // Only the id the caller gave differs.
  EXPECT_EQ(std::string(denied.status().message())
                .replace(std::string(denied.status().message()).find("CASE1"), 5, "CASE9"),
            missing.status().message());
}

TEST(CheckRecord, NamesTheParticipantOfAnAllowedCase) {
  FakeFacts facts;
  facts.cases["CASE1"] = YouthCase();
  const absl::StatusOr<AccessedRecord> record =
      CheckRecord(Coordinator({"ungdomstorget"}), RecordRule::kWorkedCase, "CASE1", facts);
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(record->case_id, "CASE1");
  EXPECT_EQ(record->participant_id, "P1");
}

TEST(CheckRecord, HandoverReceiverOnlyForTheReceiver) {
  FakeFacts facts;
  CaseAccessFacts pending = YouthCase();
  pending.receiving_platform_id = "vuxentorget";
  facts.cases["CASE1"] = pending;
  EXPECT_TRUE(
      CheckRecord(Coordinator({"vuxentorget"}), RecordRule::kHandoverReceiver, "CASE1", facts)
          .ok());
  // The sender works the case but does not answer its own proposal.
  EXPECT_EQ(
      CheckRecord(Coordinator({"ungdomstorget"}), RecordRule::kHandoverReceiver, "CASE1", facts)
          .status()
          .code(),
      absl::StatusCode::kPermissionDenied);
}

TEST(CheckRecord, OwnPlatform) {
  FakeFacts facts;
  EXPECT_TRUE(
      CheckRecord(Coordinator({"ungdomstorget"}), RecordRule::kOwnPlatform, "ungdomstorget", facts)
          .ok());
  EXPECT_EQ(
      CheckRecord(Coordinator({"ungdomstorget"}), RecordRule::kOwnPlatform, "vuxentorget", facts)
          .status()
          .code(),
      absl::StatusCode::kPermissionDenied);
}

TEST(AccessTable, EveryRowNamesARoleAndIsUnique) {
  std::map<std::string, int> seen;
  for (const MethodRule& rule : AccessTable()) {
    EXPECT_FALSE(rule.roles.empty()) << rule.method;
    EXPECT_EQ(++seen[std::string(rule.method)], 1) << rule.method;
    EXPECT_EQ(FindMethodRule(rule.method), &rule);
  }
  EXPECT_EQ(FindMethodRule("/torg.v1.CaseFileService/DeleteEverything"), nullptr);
}

}  // namespace
}  // namespace torg::access
