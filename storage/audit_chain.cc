#include "storage/audit_chain.h"

#include <openssl/evp.h>

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"

namespace torg::storage {
namespace {

// Versioned and NUL-terminated, so that a later scheme ("torg-audit-v2")
// can never produce the same input as this one.
constexpr absl::string_view kDomain("torg-audit-v1\0", 14);

struct DigestContextDeleter {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

void AppendBigEndian(uint64_t value, std::string& out) {
  char bytes[8];
  for (int i = 7; i >= 0; --i) {
    bytes[i] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  out.append(bytes, sizeof(bytes));
}

// "entry 18 is missing" or "entries 18 to 20 are missing".
std::string MissingRange(uint64_t first, uint64_t last) {
  if (first == last) return absl::StrCat("entry ", first, " is missing");
  return absl::StrCat("entries ", first, " to ", last, " are missing");
}

}  // namespace

std::string AuditGenesisHash() { return std::string(kAuditHashSize, '\0'); }

std::string ComputeAuditHash(uint64_t sequence, absl::string_view previous_hash,
                             absl::Time recorded_at, absl::string_view payload) {
  std::string fixed(kDomain);
  AppendBigEndian(sequence, fixed);
  std::string time;
  AppendBigEndian(static_cast<uint64_t>(absl::ToUnixMicros(recorded_at)), time);

  std::unique_ptr<EVP_MD_CTX, DigestContextDeleter> context(EVP_MD_CTX_new());
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  // Only allocation can fail here; a hash that cannot be computed must never
  // look like a valid one, so failure yields an empty string, which matches
  // no stored hash.
  if (context == nullptr || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(context.get(), fixed.data(), fixed.size()) != 1 ||
      EVP_DigestUpdate(context.get(), previous_hash.data(), previous_hash.size()) != 1 ||
      EVP_DigestUpdate(context.get(), time.data(), time.size()) != 1 ||
      EVP_DigestUpdate(context.get(), payload.data(), payload.size()) != 1 ||
      EVP_DigestFinal_ex(context.get(), digest, &length) != 1) {
    return std::string();
  }
  return std::string(reinterpret_cast<const char*>(digest), length);
}

void AuditChainVerifier::ExpectAnchor(AuditHead anchor) {
  if (anchor.last_sequence == 0) return;
  anchor_ = std::move(anchor);
}

void AuditChainVerifier::Fail(AuditProblemKind kind, uint64_t sequence, std::string description) {
  problem_ = AuditProblem{kind, sequence, std::move(description)};
}

bool AuditChainVerifier::Add(const AuditLink& link) {
  if (problem_.has_value()) return false;
  const uint64_t sequence = link.sequence;
  if (sequence <= last_sequence_) {
    Fail(AuditProblemKind::kOutOfOrder, sequence,
         last_sequence_ == 0
             ? absl::StrCat("entry ", sequence, " is out of order (entries start at 1)")
             : absl::StrCat("entry ", sequence, " is out of order (after ", last_sequence_,
                            " comes ", sequence, ")"));
    return false;
  }
  if (sequence > last_sequence_ + 1) {
    Fail(AuditProblemKind::kMissing, last_sequence_ + 1,
         last_sequence_ == 0
             ? absl::StrCat(MissingRange(1, sequence - 1), " (the log starts at ", sequence, ")")
             : absl::StrCat(MissingRange(last_sequence_ + 1, sequence - 1), " (after ",
                            last_sequence_, " comes ", sequence, ")"));
    return false;
  }
  // The link's own content first: if that was changed, the link itself is
  // the one altered, whatever its previous hash says.
  if (ComputeAuditHash(sequence, link.previous_hash, link.recorded_at, link.payload) != link.hash) {
    Fail(AuditProblemKind::kAltered, sequence,
         absl::StrCat("entry ", sequence, " was altered (its hash does not match its content)"));
    return false;
  }
  if (link.previous_hash != last_hash_) {
    Fail(AuditProblemKind::kBrokenLink, sequence,
         sequence == 1
             ? std::string("entry 1 does not start the chain (its previous hash is not zero)")
             : absl::StrCat("entry ", sequence, " does not follow entry ", last_sequence_,
                            " (previous hash differs)"));
    return false;
  }
  if (anchor_.has_value() && anchor_->last_sequence == sequence &&
      anchor_->last_hash != link.hash) {
    Fail(AuditProblemKind::kAnchorMismatch, sequence,
         absl::StrCat("entry ", sequence,
                      " is not the one an earlier head recorded (its hash differs): the log was "
                      "rewritten"));
    return false;
  }
  last_sequence_ = sequence;
  last_hash_ = link.hash;
  ++links_checked_;
  return true;
}

AuditVerdict AuditChainVerifier::Finish(const AuditHead& head) {
  if (!problem_.has_value()) {
    if (head.last_sequence > last_sequence_) {
      Fail(AuditProblemKind::kTruncated, last_sequence_ + 1,
           last_sequence_ == 0
               ? absl::StrCat("the log is empty but its head says ", head.last_sequence,
                              ": the newest entries were removed")
               : absl::StrCat("the log ends at ", last_sequence_, " but its head says ",
                              head.last_sequence, ": the newest entries were removed"));
    } else if (head.last_sequence < last_sequence_) {
      Fail(AuditProblemKind::kHeadAltered, head.last_sequence,
           absl::StrCat("the head was altered (it says the log ends at ", head.last_sequence,
                        ", but the log goes on to ", last_sequence_, ")"));
    } else if (head.last_hash != last_hash_) {
      Fail(AuditProblemKind::kHeadAltered, last_sequence_,
           last_sequence_ == 0
               ? std::string("the head was altered (the log is empty but its hash is not zero)")
               : absl::StrCat("the head was altered (its hash is not that of entry ",
                              last_sequence_, ")"));
    } else if (anchor_.has_value() && anchor_->last_sequence > last_sequence_) {
      Fail(AuditProblemKind::kAnchorMismatch, last_sequence_ + 1,
           absl::StrCat("the log ends at ", last_sequence_, " but an earlier head recorded entry ",
                        anchor_->last_sequence,
                        ": the newest entries were removed and the head rewritten"));
    }
  }
  return AuditVerdict{links_checked_, problem_};
}

}  // namespace torg::storage
