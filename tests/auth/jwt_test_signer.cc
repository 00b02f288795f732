#include "tests/auth/jwt_test_signer.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdlib>
#include <string>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace torg::auth::testing {
namespace {

// A broken test fixture must stop the test binary, not yield a token that
// fails verification for the wrong reason and passes a negative test.
[[noreturn]] void Die(const char* what) {
  ADD_FAILURE() << "jwt_test_signer: OpenSSL failed to " << what;
  std::abort();
}

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
struct EcdsaSigFree {
  void operator()(ECDSA_SIG* signature) const { ECDSA_SIG_free(signature); }
};
struct X509Free {
  void operator()(X509* certificate) const { X509_free(certificate); }
};

std::string BioContents(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(size));
}

std::string SignDigest(EVP_PKEY* key, absl::string_view input) {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> context(EVP_MD_CTX_new());
  if (context == nullptr ||
      EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key) != 1) {
    Die("start signing");
  }
  size_t size = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(input.data());
  if (EVP_DigestSign(context.get(), nullptr, &size, data, input.size()) != 1) Die("size");
  std::string signature(size, '\0');
  if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &size, data,
                     input.size()) != 1) {
    Die("sign");
  }
  signature.resize(size);
  return signature;
}

std::string DerToRawRs(const std::string& der) {
  const auto* in = reinterpret_cast<const unsigned char*>(der.data());
  std::unique_ptr<ECDSA_SIG, EcdsaSigFree> signature(
      d2i_ECDSA_SIG(nullptr, &in, static_cast<long>(der.size())));
  if (signature == nullptr) Die("decode an ECDSA signature");
  std::string raw(64, '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  if (BN_bn2binpad(ECDSA_SIG_get0_r(signature.get()), out, 32) != 32 ||
      BN_bn2binpad(ECDSA_SIG_get0_s(signature.get()), out + 32, 32) != 32) {
    Die("encode R||S");
  }
  return raw;
}

}  // namespace

TestKey::TestKey(EVP_PKEY* key) : key_(key, EVP_PKEY_free) {
  if (key == nullptr) Die("generate a key");
}

TestKey TestKey::Rsa(int bits) {
  return TestKey(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(bits)));
}

TestKey TestKey::Ec(const char* curve) {
  return TestKey(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve));
}

std::string TestKey::PublicPem() const {
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (bio == nullptr || PEM_write_bio_PUBKEY(bio.get(), key_.get()) != 1) Die("write a PEM");
  return BioContents(bio.get());
}

std::string TestKey::PrivatePem() const {
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (bio == nullptr ||
      PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    Die("write a PEM");
  }
  return BioContents(bio.get());
}

Signer Rs256(const TestKey& key) {
  return [key](absl::string_view input) { return SignDigest(key.get(), input); };
}

Signer Es256(const TestKey& key, EcdsaForm form) {
  return [key, form](absl::string_view input) {
    const std::string der = SignDigest(key.get(), input);
    return form == EcdsaForm::kDer ? der : DerToRawRs(der);
  };
}

Signer Hs256(std::string secret) {
  return [secret = std::move(secret)](absl::string_view input) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    size_t size = 0;
    if (EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, secret.data(), secret.size(),
                  reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac,
                  sizeof(mac), &size) == nullptr) {
      Die("compute an HMAC");
    }
    return std::string(reinterpret_cast<const char*>(mac), size);
  };
}

std::string Base64Url(absl::string_view bytes) { return absl::WebSafeBase64Escape(bytes); }

std::string SignToken(absl::string_view header_json, absl::string_view claims_json,
                      const Signer& signer) {
  const std::string input = absl::StrCat(Base64Url(header_json), ".", Base64Url(claims_json));
  return absl::StrCat(input, ".", Base64Url(signer(input)));
}

std::string SelfSignedCertificatePem(
    const TestKey& key, const std::vector<std::pair<std::string, std::string>>& subject) {
  std::unique_ptr<X509, X509Free> certificate(X509_new());
  if (certificate == nullptr || X509_set_version(certificate.get(), X509_VERSION_3) != 1 ||
      ASN1_INTEGER_set(X509_get_serialNumber(certificate.get()), 1) != 1 ||
      X509_gmtime_adj(X509_getm_notBefore(certificate.get()), 0) == nullptr ||
      X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 3600) == nullptr) {
    Die("start a certificate");
  }
  X509_NAME* name = X509_get_subject_name(certificate.get());
  for (const auto& [field, value] : subject) {
    if (X509_NAME_add_entry_by_txt(name, field.c_str(), MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1,
                                   0) != 1) {
      Die("add a subject attribute");
    }
  }
  if (X509_set_issuer_name(certificate.get(), name) != 1 ||
      X509_set_pubkey(certificate.get(), key.get()) != 1 ||
      X509_sign(certificate.get(), key.get(), EVP_sha256()) <= 0) {
    Die("sign a certificate");
  }
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (bio == nullptr || PEM_write_bio_X509(bio.get(), certificate.get()) != 1) {
    Die("write a certificate");
  }
  return BioContents(bio.get());
}

}  // namespace torg::auth::testing
