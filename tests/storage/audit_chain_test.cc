// The audit log's verifier on its own: links built here with the one hash
// function, then altered, removed and reordered the ways an attacker or a
// broken disk would. Links only torg_audit_chain, which proves that a client
// tool can verify without RocksDB.

#include "storage/audit_chain.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace torg::storage {
namespace {

using ::testing::Eq;
using ::testing::Field;
using ::testing::Optional;

struct Log {
  std::vector<AuditLink> links;
  AuditHead head;
};

// A well-formed log of `count` links, like the store writes it.
Log MakeLog(uint64_t count) {
  Log log;
  log.head = {0, AuditGenesisHash()};
  const absl::Time start = absl::FromUnixMicros(1'700'000'000'000'000);
  for (uint64_t sequence = 1; sequence <= count; ++sequence) {
    AuditLink link;
    link.sequence = sequence;
    link.previous_hash = log.head.last_hash;
    link.payload = "read of participant " + std::to_string(sequence);
    link.recorded_at = start + absl::Seconds(static_cast<int64_t>(sequence));
    link.hash = ComputeAuditHash(sequence, link.previous_hash, link.recorded_at, link.payload);
    log.head = {sequence, link.hash};
    log.links.push_back(link);
  }
  return log;
}

// Recomputes the hash of every link from `from` (1-based) on, and the head,
// as an attacker who can write the store but holds no anchor would.
void Rehash(Log& log, uint64_t from) {
  for (uint64_t i = from - 1; i < log.links.size(); ++i) {
    AuditLink& link = log.links[i];
    if (i > 0) link.previous_hash = log.links[i - 1].hash;
    link.hash = ComputeAuditHash(link.sequence, link.previous_hash, link.recorded_at, link.payload);
  }
  log.head = {log.links.back().sequence, log.links.back().hash};
}

AuditVerdict Verify(const Log& log, std::optional<AuditHead> anchor = std::nullopt) {
  AuditChainVerifier verifier;
  if (anchor.has_value()) verifier.ExpectAnchor(*anchor);
  for (const AuditLink& link : log.links) {
    if (!verifier.Add(link)) break;
  }
  return verifier.Finish(log.head);
}

::testing::Matcher<AuditVerdict> FailsWith(AuditProblemKind kind, uint64_t sequence,
                                           const std::string& description) {
  return Field("problem", &AuditVerdict::problem,
               Optional(::testing::AllOf(
                   Field("kind", &AuditProblem::kind, Eq(kind)),
                   Field("sequence", &AuditProblem::sequence, Eq(sequence)),
                   Field("description", &AuditProblem::description, Eq(description)))));
}

TEST(AuditHashTest, IsPinnedToTheDocumentedFormat) {
  // SHA-256("torg-audit-v1\0" || 00..01 || 32 zero bytes ||
  // 1700000000000000 as 8 bytes || "hello"), computed independently.
  EXPECT_EQ(absl::BytesToHexString(ComputeAuditHash(
                1, AuditGenesisHash(), absl::FromUnixMicros(1'700'000'000'000'000), "hello")),
            "19c505676581dc2c189b0b34030ab96123896ff63e7b7a12690f114d4772a0d7");
  EXPECT_EQ(AuditGenesisHash(), std::string(32, '\0'));
}

TEST(AuditHashTest, CoversEveryField) {
  const absl::Time at = absl::FromUnixMicros(42);
  const std::string base = ComputeAuditHash(7, AuditGenesisHash(), at, "payload");
  EXPECT_EQ(base.size(), kAuditHashSize);
  EXPECT_NE(ComputeAuditHash(8, AuditGenesisHash(), at, "payload"), base);
  EXPECT_NE(ComputeAuditHash(7, std::string(32, '\1'), at, "payload"), base);
  EXPECT_NE(ComputeAuditHash(7, AuditGenesisHash(), at + absl::Microseconds(1), "payload"), base);
  EXPECT_NE(ComputeAuditHash(7, AuditGenesisHash(), at, "payloaD"), base);
  // Below a microsecond is not recorded, so not hashed either.
  EXPECT_EQ(ComputeAuditHash(7, AuditGenesisHash(), at + absl::Nanoseconds(999), "payload"), base);
}

TEST(AuditChainVerifierTest, IntactLogVerifies) {
  AuditVerdict verdict = Verify(MakeLog(50));
  EXPECT_TRUE(verdict.ok()) << verdict.problem->description;
  EXPECT_EQ(verdict.links_checked, 50u);
}

TEST(AuditChainVerifierTest, EmptyLogWithEmptyHeadVerifies) {
  EXPECT_TRUE(Verify(MakeLog(0)).ok());
}

TEST(AuditChainVerifierTest, AlteredPayloadIsReportedAtItsEntry) {
  Log log = MakeLog(40);
  log.links[16].payload = "read of participant 99";
  EXPECT_THAT(Verify(log), FailsWith(AuditProblemKind::kAltered, 17,
                                     "entry 17 was altered (its hash does not match its content)"));
}

TEST(AuditChainVerifierTest, AlteredHashOrTimeIsReportedAtItsEntry) {
  Log log = MakeLog(40);
  log.links[16].hash[0] ^= 1;
  EXPECT_THAT(Verify(log), FailsWith(AuditProblemKind::kAltered, 17,
                                     "entry 17 was altered (its hash does not match its content)"));
  log = MakeLog(40);
  log.links[39].recorded_at -= absl::Hours(24);
  EXPECT_THAT(Verify(log), FailsWith(AuditProblemKind::kAltered, 40,
                                     "entry 40 was altered (its hash does not match its content)"));
}

TEST(AuditChainVerifierTest, AlteredEntryWithARecomputedHashBreaksTheNextLink) {
  Log log = MakeLog(40);
  AuditLink& forged = log.links[16];
  forged.payload = "nothing to see";
  forged.hash = ComputeAuditHash(17, forged.previous_hash, forged.recorded_at, forged.payload);
  EXPECT_THAT(Verify(log), FailsWith(AuditProblemKind::kBrokenLink, 18,
                                     "entry 18 does not follow entry 17 (previous hash differs)"));
}

TEST(AuditChainVerifierTest, FirstEntryMustStartFromTheGenesisHash) {
  Log log = MakeLog(3);
  log.links[0].previous_hash = std::string(32, '\7');
  log.links[0].hash = ComputeAuditHash(1, log.links[0].previous_hash, log.links[0].recorded_at,
                                       log.links[0].payload);
  Rehash(log, 2);
  EXPECT_THAT(Verify(log),
              FailsWith(AuditProblemKind::kBrokenLink, 1,
                        "entry 1 does not start the chain (its previous hash is not zero)"));
}

TEST(AuditChainVerifierTest, DeletedEntriesAreReportedAsMissing) {
  Log log = MakeLog(40);
  log.links.erase(log.links.begin() + 17);  // Entry 18.
  EXPECT_THAT(Verify(log),
              FailsWith(AuditProblemKind::kMissing, 18, "entry 18 is missing (after 17 comes 19)"));

  log = MakeLog(40);
  log.links.erase(log.links.begin() + 17, log.links.begin() + 20);  // 18 to 20.
  EXPECT_THAT(Verify(log), FailsWith(AuditProblemKind::kMissing, 18,
                                     "entries 18 to 20 are missing (after 17 comes 21)"));

  log = MakeLog(40);
  log.links.erase(log.links.begin());
  EXPECT_THAT(Verify(log),
              FailsWith(AuditProblemKind::kMissing, 1, "entry 1 is missing (the log starts at 2)"));
}

TEST(AuditChainVerifierTest, DeletedNewestEntriesAreReportedByTheHead) {
  Log log = MakeLog(42);
  log.links.resize(40);
  EXPECT_THAT(
      Verify(log),
      FailsWith(AuditProblemKind::kTruncated, 41,
                "the log ends at 40 but its head says 42: the newest entries were removed"));
  log.links.clear();
  EXPECT_THAT(Verify(log),
              FailsWith(AuditProblemKind::kTruncated, 1,
                        "the log is empty but its head says 42: the newest entries were removed"));
}

TEST(AuditChainVerifierTest, ReorderedEntriesAreReported) {
  // Fed out of order, e.g. by a broken export.
  Log log = MakeLog(10);
  std::swap(log.links[3], log.links[4]);
  EXPECT_THAT(Verify(log),
              FailsWith(AuditProblemKind::kMissing, 4, "entry 4 is missing (after 3 comes 5)"));
  // Swapped in the store: each keeps the place (sequence) of its key.
  log = MakeLog(10);
  std::swap(log.links[3].payload, log.links[4].payload);
  std::swap(log.links[3].hash, log.links[4].hash);
  std::swap(log.links[3].previous_hash, log.links[4].previous_hash);
  std::swap(log.links[3].recorded_at, log.links[4].recorded_at);
  EXPECT_THAT(Verify(log), FailsWith(AuditProblemKind::kAltered, 4,
                                     "entry 4 was altered (its hash does not match its content)"));
  // A repeated entry.
  log = MakeLog(10);
  log.links.insert(log.links.begin() + 5, log.links[4]);
  EXPECT_THAT(Verify(log), FailsWith(AuditProblemKind::kOutOfOrder, 5,
                                     "entry 5 is out of order (after 5 comes 5)"));
}

TEST(AuditChainVerifierTest, AlteredHeadIsReported) {
  Log log = MakeLog(10);
  log.head.last_hash[5] ^= 1;
  EXPECT_THAT(Verify(log), FailsWith(AuditProblemKind::kHeadAltered, 10,
                                     "the head was altered (its hash is not that of entry 10)"));
  log = MakeLog(10);
  log.head = {8, log.links[7].hash};
  EXPECT_THAT(
      Verify(log),
      FailsWith(AuditProblemKind::kHeadAltered, 8,
                "the head was altered (it says the log ends at 8, but the log goes on to 10)"));
  log = MakeLog(0);
  log.head.last_hash = "";
  EXPECT_THAT(Verify(log),
              FailsWith(AuditProblemKind::kHeadAltered, 0,
                        "the head was altered (the log is empty but its hash is not zero)"));
}

TEST(AuditChainVerifierTest, OnlyTheFirstProblemIsReported) {
  Log log = MakeLog(30);
  log.links[4].payload = "x";
  log.links.erase(log.links.begin() + 10);
  log.links.resize(20);
  AuditChainVerifier verifier;
  size_t accepted = 0;
  for (const AuditLink& link : log.links) accepted += verifier.Add(link) ? 1 : 0;
  EXPECT_EQ(accepted, 4u);
  AuditVerdict verdict = verifier.Finish(log.head);
  EXPECT_EQ(verdict.links_checked, 4u);
  EXPECT_THAT(verdict, FailsWith(AuditProblemKind::kAltered, 5,
                                 "entry 5 was altered (its hash does not match its content)"));
}

TEST(AuditChainVerifierTest, AnAnchorCatchesARewriteWithRecomputedHashes) {
  const Log original = MakeLog(20);
  const AuditHead anchor{15, original.links[14].hash};
  EXPECT_TRUE(Verify(original, anchor).ok());

  // Entry 12 rewritten and every later hash and the head recomputed: the
  // chain alone cannot tell.
  Log rewritten = original;
  rewritten.links[11].payload = "nothing to see";
  Rehash(rewritten, 12);
  EXPECT_TRUE(Verify(rewritten).ok());
  EXPECT_THAT(Verify(rewritten, anchor),
              FailsWith(AuditProblemKind::kAnchorMismatch, 15,
                        "entry 15 is not the one an earlier head recorded (its hash differs): the "
                        "log was rewritten"));

  // The newest entries removed and the head rewritten to match.
  Log truncated = original;
  truncated.links.resize(12);
  truncated.head = {12, truncated.links[11].hash};
  EXPECT_TRUE(Verify(truncated).ok());
  EXPECT_THAT(Verify(truncated, anchor),
              FailsWith(AuditProblemKind::kAnchorMismatch, 13,
                        "the log ends at 12 but an earlier head recorded entry 15: the newest "
                        "entries were removed and the head rewritten"));
}

}  // namespace
}  // namespace torg::storage
