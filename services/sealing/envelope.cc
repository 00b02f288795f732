#include "services/sealing/envelope.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <climits>
#include <cstring>
#include <memory>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/sealing/envelope_internal.h"

namespace torg::sealing {
namespace internal {
namespace {

struct CipherContextDeleter {
  void operator()(EVP_CIPHER_CTX* context) const { EVP_CIPHER_CTX_free(context); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextDeleter>;

const unsigned char* Bytes(absl::string_view bytes) {
  return reinterpret_cast<const unsigned char*>(bytes.data());
}

// OpenSSL's EVP interface takes lengths as int.
bool FitsInInt(absl::string_view bytes) { return bytes.size() <= static_cast<size_t>(INT_MAX); }

absl::Status CheckInputs(absl::string_view nonce, absl::string_view text,
                         absl::string_view associated_data) {
  if (nonce.size() != kNonceSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("sealing: a nonce is ", kNonceSize, " bytes, got ", nonce.size()));
  }
  if (!FitsInInt(text) || !FitsInInt(associated_data)) {
    return absl::InvalidArgumentError("sealing: input of 2 GiB or more cannot be sealed");
  }
  return absl::OkStatus();
}

absl::Status OpenSslFailure(absl::string_view what) {
  return absl::InternalError(absl::StrCat("sealing: OpenSSL failed to ", what));
}

}  // namespace

absl::StatusOr<std::string> AesGcmSeal(const SecretKey& key, absl::string_view nonce,
                                       absl::string_view plaintext,
                                       absl::string_view associated_data) {
  TORG_RETURN_IF_ERROR(CheckInputs(nonce, plaintext, associated_data));
  CipherContext context(EVP_CIPHER_CTX_new());
  int length = 0;
  if (context == nullptr ||
      EVP_EncryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, Bytes(key.bytes()),
                         Bytes(nonce)) != 1 ||
      EVP_EncryptUpdate(context.get(), nullptr, &length, Bytes(associated_data),
                        static_cast<int>(associated_data.size())) != 1) {
    return OpenSslFailure("start AES-256-GCM encryption");
  }
  // Sized once up front: a growing string would leave stale copies behind.
  std::string out(plaintext.size() + kTagSize, '\0');
  auto* cursor = reinterpret_cast<unsigned char*>(out.data());
  int final_length = 0;
  if (EVP_EncryptUpdate(context.get(), cursor, &length, Bytes(plaintext),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(context.get(), cursor + length, &final_length) != 1 ||
      static_cast<size_t>(length) + static_cast<size_t>(final_length) != plaintext.size() ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagSize),
                          cursor + plaintext.size()) != 1) {
    return OpenSslFailure("encrypt with AES-256-GCM");
  }
  return out;
}

absl::StatusOr<std::string> AesGcmOpen(const SecretKey& key, absl::string_view nonce,
                                       absl::string_view ciphertext_and_tag,
                                       absl::string_view associated_data) {
  TORG_RETURN_IF_ERROR(CheckInputs(nonce, ciphertext_and_tag, associated_data));
  if (ciphertext_and_tag.size() < kTagSize) {
    return absl::DataLossError(absl::StrCat("sealing: sealed data is shorter than its ", kTagSize,
                                            "-byte authentication tag"));
  }
  const absl::string_view ciphertext =
      ciphertext_and_tag.substr(0, ciphertext_and_tag.size() - kTagSize);
  // EVP_CTRL_GCM_SET_TAG takes a non-const pointer, so hand it a copy.
  std::array<unsigned char, kTagSize> tag;
  std::memcpy(tag.data(), ciphertext_and_tag.data() + ciphertext.size(), kTagSize);

  CipherContext context(EVP_CIPHER_CTX_new());
  int length = 0;
  if (context == nullptr ||
      EVP_DecryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, Bytes(key.bytes()),
                         Bytes(nonce)) != 1 ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagSize),
                          tag.data()) != 1 ||
      EVP_DecryptUpdate(context.get(), nullptr, &length, Bytes(associated_data),
                        static_cast<int>(associated_data.size())) != 1) {
    return OpenSslFailure("start AES-256-GCM decryption");
  }
  std::string out(ciphertext.size(), '\0');
  auto* cursor = reinterpret_cast<unsigned char*>(out.data());
  if (EVP_DecryptUpdate(context.get(), cursor, &length, Bytes(ciphertext),
                        static_cast<int>(ciphertext.size())) != 1) {
    OPENSSL_cleanse(out.data(), out.size());
    return OpenSslFailure("decrypt with AES-256-GCM");
  }
  int final_length = 0;
  // GCM decrypts before it verifies: on a bad tag `out` already holds
  // unauthenticated plaintext, which is wiped rather than returned.
  if (EVP_DecryptFinal_ex(context.get(), cursor + length, &final_length) != 1) {
    OPENSSL_cleanse(out.data(), out.size());
    return absl::DataLossError(
        "sealing: sealed data failed authentication (damaged, or sealed under another key or "
        "for another owner)");
  }
  return out;
}

}  // namespace internal

namespace {

constexpr char kVersion = 1;
constexpr size_t kHeaderSize = 1 + internal::kNonceSize;
static_assert(kSealOverhead == kHeaderSize + internal::kTagSize);

constexpr absl::string_view kDataKeyContext = "torg.datakey/";

// The version byte is authenticated with the caller's associated data, so a
// future format cannot be passed off as this one.
std::string GcmAssociatedData(absl::string_view associated_data) {
  return absl::StrCat(absl::string_view(&kVersion, 1), associated_data);
}

absl::Status CheckParticipantId(absl::string_view participant_id) {
  if (participant_id.empty()) {
    return absl::InvalidArgumentError("sealing: a data key must be wrapped for a participant id");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> Seal(const SecretKey& key, absl::string_view plaintext,
                                 absl::string_view associated_data) {
  std::array<unsigned char, internal::kNonceSize> nonce;
  if (RAND_bytes(nonce.data(), static_cast<int>(nonce.size())) != 1) {
    return absl::InternalError("sealing: the random number generator failed to produce a nonce");
  }
  const absl::string_view nonce_bytes(reinterpret_cast<const char*>(nonce.data()), nonce.size());
  TORG_ASSIGN_OR_RETURN(std::string body, internal::AesGcmSeal(key, nonce_bytes, plaintext,
                                                               GcmAssociatedData(associated_data)));
  std::string sealed;
  sealed.reserve(kHeaderSize + body.size());
  sealed.push_back(kVersion);
  sealed.append(nonce_bytes.data(), nonce_bytes.size());
  sealed.append(body);
  return sealed;
}

absl::StatusOr<std::string> Open(const SecretKey& key, absl::string_view sealed,
                                 absl::string_view associated_data) {
  if (sealed.size() < kSealOverhead) {
    return absl::DataLossError(absl::StrCat("sealing: sealed data is ", sealed.size(),
                                            " bytes, shorter than the ", kSealOverhead,
                                            "-byte minimum; it is damaged or truncated"));
  }
  if (sealed[0] != kVersion) {
    return absl::DataLossError(absl::StrCat("sealing: sealed data has unknown format version ",
                                            static_cast<unsigned char>(sealed[0]),
                                            "; it is damaged or was written by a newer Torg"));
  }
  return internal::AesGcmOpen(key, sealed.substr(1, internal::kNonceSize),
                              sealed.substr(kHeaderSize), GcmAssociatedData(associated_data));
}

absl::StatusOr<std::string> WrapDataKey(const SecretKey& master, const SecretKey& data_key,
                                        absl::string_view participant_id) {
  TORG_RETURN_IF_ERROR(CheckParticipantId(participant_id));
  return Seal(master, data_key.bytes(), absl::StrCat(kDataKeyContext, participant_id));
}

absl::StatusOr<SecretKey> UnwrapDataKey(const SecretKey& master, absl::string_view wrapped,
                                        absl::string_view participant_id) {
  TORG_RETURN_IF_ERROR(CheckParticipantId(participant_id));
  TORG_ASSIGN_OR_RETURN(std::string raw,
                        Open(master, wrapped, absl::StrCat(kDataKeyContext, participant_id)));
  absl::StatusOr<SecretKey> key = SecretKey::FromBytes(raw);
  OPENSSL_cleanse(raw.data(), raw.size());
  if (!key.ok()) {
    // Authentic, so sealed by us, but not a key: a bug or misuse upstream.
    return absl::DataLossError(absl::StrCat("sealing: the wrapped data key for participant ",
                                            participant_id, " does not hold a ", SecretKey::kSize,
                                            "-byte key"));
  }
  return key;
}

}  // namespace torg::sealing
