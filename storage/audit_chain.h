#ifndef TORG_STORAGE_AUDIT_CHAIN_H_
#define TORG_STORAGE_AUDIT_CHAIN_H_

// The audit log's hash chain, without any storage: the links and the head as
// the store hands them out, the one hash function that chains them, and a
// verifier. Depends only on Abseil and OpenSSL, so that a client tool can
// verify an exported log without RocksDB.
//
// Each link's hash covers its sequence, the previous link's hash, its time
// and its payload, so altering any of them, or removing or reordering links,
// breaks the chain; the head (the last sequence and hash) lets the verifier
// see the newest links removed too. The chain is unkeyed: someone able to
// rewrite the store can recompute every later hash and the head. Comparing
// the head with a copy kept elsewhere (AuditChainVerifier::ExpectAnchor)
// catches that too.

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace torg::storage {

// The size of every hash of the chain (SHA-256).
inline constexpr size_t kAuditHashSize = 32;

// The previous_hash of the first link, and the last_hash of an empty log.
std::string AuditGenesisHash();

// One entry of the audit log as stored.
struct AuditLink {
  // Dense, from 1.
  uint64_t sequence = 0;
  // The hash of the link before; AuditGenesisHash() for the first.
  std::string previous_hash;
  // What the service recorded (a serialized audit record). Storage never
  // interprets it.
  std::string payload;
  // ComputeAuditHash of this link.
  std::string hash;
  // When the store committed the link, in whole microseconds (that is what
  // the hash covers).
  absl::Time recorded_at;
};

// The newest link of the log: kept with the links and updated in the same
// atomic write, so that removing the newest links shows.
struct AuditHead {
  // The sequence of the last link; 0 for an empty log.
  uint64_t last_sequence = 0;
  // The hash of the last link; AuditGenesisHash() for an empty log.
  std::string last_hash;
};

// SHA-256("torg-audit-v1\0" || sequence as 8 bytes big-endian ||
// previous_hash || recorded_at as Unix microseconds, 8 bytes big-endian
// two's complement || payload). The one definition, used by the store to
// write links and by the verifier to check them. recorded_at is truncated
// to whole microseconds (towards the past).
std::string ComputeAuditHash(uint64_t sequence, absl::string_view previous_hash,
                             absl::Time recorded_at, absl::string_view payload);

// What is wrong with a log, as the verifier reports it.
enum class AuditProblemKind {
  // A link's hash does not match its content.
  kAltered,
  // One or more sequences are absent between two links (or before the first).
  kMissing,
  // A link comes with a sequence not greater than the one before.
  kOutOfOrder,
  // A link's previous_hash is not the hash of the link before it.
  kBrokenLink,
  // The head names links beyond the last one: the newest were removed.
  kTruncated,
  // The head does not describe the last link.
  kHeadAltered,
  // The log does not reach, or does not contain, a head seen earlier.
  kAnchorMismatch,
};

// The first problem found, with the sequence it concerns and a sentence for
// a person, e.g. "entry 17 was altered (its hash does not match its content)".
struct AuditProblem {
  AuditProblemKind kind = AuditProblemKind::kAltered;
  // The entry the problem concerns (for kTruncated, the first one removed).
  uint64_t sequence = 0;
  std::string description;
};

struct AuditVerdict {
  // How many links were checked before the verdict (all of them when OK).
  uint64_t links_checked = 0;
  // nullopt when the log is intact.
  std::optional<AuditProblem> problem;

  bool ok() const { return !problem.has_value(); }
};

// Verifies a log fed link by link, in ascending order, so that any length
// can be checked in constant memory:
//
//   AuditHead head = ReadAuditHead();
//   AuditChainVerifier verifier;
//   for (each page of ReadAudit) for (link : page) {
//     if (live && link.sequence > head.last_sequence) break;
//     if (!verifier.Add(link)) break;
//   }
//   AuditVerdict verdict = verifier.Finish(head);
//
// Links and head must describe the same moment. A closed store, a
// checkpoint or an export does: feed every link, and one beyond the head
// shows the head altered. A store in use keeps appending: read the head
// first and feed only the links it covers (they are immutable once the head
// names them); newer links are checked by the next verification. A head
// lowered while the store was closed is then not seen here, but the store
// refuses to append on such a log (AppendAudit's DATA_LOSS). The verdict is
// the first problem; later links are not looked at once one is found.
class AuditChainVerifier {
 public:
  // Also requires the log to contain `anchor`: a head (sequence and hash)
  // recorded earlier outside the store, e.g. printed by an earlier
  // verification. Catches a rewrite of the log that recomputed every hash
  // and the head. Call before the first Add. An anchor of sequence 0 asks
  // nothing.
  void ExpectAnchor(AuditHead anchor);

  // Checks the next link. False once a problem has been found (with this
  // link or before): feeding more changes nothing, so the caller may stop.
  bool Add(const AuditLink& link);

  // Checks `head` against the links fed and returns the verdict. Call once,
  // after the last Add.
  AuditVerdict Finish(const AuditHead& head);

 private:
  void Fail(AuditProblemKind kind, uint64_t sequence, std::string description);

  uint64_t last_sequence_ = 0;
  std::string last_hash_ = AuditGenesisHash();
  uint64_t links_checked_ = 0;
  std::optional<AuditHead> anchor_;
  std::optional<AuditProblem> problem_;
};

}  // namespace torg::storage

#endif  // TORG_STORAGE_AUDIT_CHAIN_H_
