#ifndef TORG_SERVICES_AUTH_OPENSSL_UTIL_H_
#define TORG_SERVICES_AUTH_OPENSSL_UTIL_H_

// Owning pointers for the OpenSSL objects services/auth uses, so that every
// one is freed on every return path. Internal: only .cc files include it.

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <climits>
#include <memory>

#include "absl/strings/string_view.h"

namespace torg::auth::internal {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
struct BignumFree {
  void operator()(BIGNUM* number) const { BN_free(number); }
};
struct EcdsaSigFree {
  void operator()(ECDSA_SIG* signature) const { ECDSA_SIG_free(signature); }
};
struct X509Free {
  void operator()(X509* certificate) const { X509_free(certificate); }
};
struct OpenSslFree {
  void operator()(unsigned char* bytes) const { OPENSSL_free(bytes); }
};

using BioPtr = std::unique_ptr<BIO, BioFree>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
using BignumPtr = std::unique_ptr<BIGNUM, BignumFree>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, EcdsaSigFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using OpenSslBytesPtr = std::unique_ptr<unsigned char, OpenSslFree>;

// A read-only memory BIO over `bytes`, which must outlive it; null if
// allocation fails or `bytes` is larger than a BIO can address.
inline BioPtr MemoryBio(absl::string_view bytes) {
  if (bytes.size() > static_cast<size_t>(INT_MAX)) return nullptr;
  return BioPtr(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
}

}  // namespace torg::auth::internal

#endif  // TORG_SERVICES_AUTH_OPENSSL_UTIL_H_
