#ifndef TORG_TESTS_AUTH_JWT_TEST_SIGNER_H_
#define TORG_TESTS_AUTH_JWT_TEST_SIGNER_H_

// Test-only: generated keys, JWT signing (also wrongly, to attack the
// verifier) and self-signed certificates. Never part of the library: Torg
// itself signs only HS256, through TokenMinter.

#include <openssl/types.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace torg::auth::testing {

// A freshly generated key pair. Copies share the key.
class TestKey {
 public:
  static TestKey Rsa(int bits);
  // `curve` as OpenSSL names it: "P-256", "P-384".
  static TestKey Ec(const char* curve);

  // SubjectPublicKeyInfo PEM ("-----BEGIN PUBLIC KEY-----").
  std::string PublicPem() const;
  // PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----").
  std::string PrivatePem() const;
  EVP_PKEY* get() const { return key_.get(); }

 private:
  explicit TestKey(EVP_PKEY* key);
  std::shared_ptr<EVP_PKEY> key_;
};

// Signs a JWS signing input ("<header>.<payload>") and returns the raw
// signature bytes.
using Signer = std::function<std::string(absl::string_view signing_input)>;

// RSASSA-PKCS1-v1_5 SHA-256.
Signer Rs256(const TestKey& key);
// ECDSA P-256 SHA-256: as JWS wants, R||S (64 bytes), or, wrongly, DER.
enum class EcdsaForm { kRawRs, kDer };
Signer Es256(const TestKey& key, EcdsaForm form = EcdsaForm::kRawRs);
// HMAC-SHA-256 with any bytes as the secret (e.g. a public key's PEM).
Signer Hs256(std::string secret);

std::string Base64Url(absl::string_view bytes);

// base64url(header_json) "." base64url(claims_json) "." base64url(signature).
std::string SignToken(absl::string_view header_json, absl::string_view claims_json,
                      const Signer& signer);

// A self-signed certificate for `key` whose subject has these attributes in
// order, e.g. {{"serialNumber", "SE2321000016-1003"}, {"CN", "Anna"}}, as PEM.
std::string SelfSignedCertificatePem(
    const TestKey& key, const std::vector<std::pair<std::string, std::string>>& subject);

}  // namespace torg::auth::testing

#endif  // TORG_TESTS_AUTH_JWT_TEST_SIGNER_H_
