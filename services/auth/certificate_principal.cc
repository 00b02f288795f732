#include "services/auth/certificate_principal.h"

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "services/auth/openssl_util.h"
#include "services/common/status_macros.h"

namespace torg::auth {
namespace {

// The value of the one `nid` attribute of `name`, as UTF-8. NOT_FOUND when
// the subject has none (the caller then falls back to the CN);
// UNAUTHENTICATED when it is repeated, empty or unreadable.
absl::StatusOr<std::string> SingleAttribute(const X509_NAME* name, int nid,
                                            absl::string_view attribute) {
  const int index = X509_NAME_get_index_by_NID(name, nid, -1);
  if (index < 0) return absl::NotFoundError(attribute);
  if (X509_NAME_get_index_by_NID(name, nid, index) >= 0) {
    return absl::UnauthenticatedError(absl::StrCat(
        "the client certificate's subject has more than one ", attribute, ", so it is ambiguous"));
  }
  const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  const int size = ASN1_STRING_to_UTF8(&utf8, data);
  const internal::OpenSslBytesPtr owned(utf8);
  if (size < 0) {
    ERR_clear_error();
    return absl::UnauthenticatedError(
        absl::StrCat("the client certificate's ", attribute, " cannot be read"));
  }
  std::string value(reinterpret_cast<const char*>(utf8), static_cast<size_t>(size));
  // An embedded NUL could make two different names look equal in C APIs and
  // logs; no real HSA-id or CN has one.
  if (value.empty() || value.find('\0') != std::string::npos) {
    return absl::UnauthenticatedError(
        absl::StrCat("the client certificate's ", attribute, " is empty or malformed"));
  }
  return value;
}

}  // namespace

absl::StatusOr<std::string> CertificateSubjectId(absl::string_view pem_certificate) {
  internal::BioPtr bio = internal::MemoryBio(pem_certificate);
  if (bio == nullptr) return absl::InternalError("auth: OpenSSL failed to allocate a BIO");
  const internal::X509Ptr certificate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  ERR_clear_error();
  if (certificate == nullptr) {
    return absl::UnauthenticatedError("the client certificate cannot be parsed");
  }
  const X509_NAME* subject = X509_get_subject_name(certificate.get());
  absl::StatusOr<std::string> id = SingleAttribute(subject, NID_serialNumber, "serialNumber");
  if (!absl::IsNotFound(id.status())) return id;
  id = SingleAttribute(subject, NID_commonName, "CN");
  if (absl::IsNotFound(id.status())) {
    return absl::UnauthenticatedError(
        "the client certificate's subject has neither a serialNumber nor a CN");
  }
  return id;
}

absl::StatusOr<CertificatePrincipals> CertificatePrincipals::Create(
    std::vector<CertificateMapping> mappings) {
  CertificatePrincipals principals;
  for (CertificateMapping& mapping : mappings) {
    const std::string name = absl::StrCat("certificate user \"", mapping.subject_id, "\"");
    if (mapping.subject_id.empty()) {
      return absl::InvalidArgumentError("a certificate user has no subject id");
    }
    if (mapping.principal.user_id.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(name, " has no user id"));
    }
    if (mapping.principal.forbund_id.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(name, " has no förbund id"));
    }
    if (mapping.principal.roles.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(name, " has no role"));
    }
    mapping.principal.authenticated_by = absl::StrCat("certificate:", mapping.subject_id);
    const bool inserted =
        principals.by_subject_.emplace(mapping.subject_id, std::move(mapping.principal)).second;
    if (!inserted) {
      return absl::InvalidArgumentError(absl::StrCat(name, " is mapped more than once"));
    }
  }
  return principals;
}

absl::StatusOr<Principal> CertificatePrincipals::PrincipalFor(
    absl::string_view pem_certificate) const {
  TORG_ASSIGN_OR_RETURN(const std::string subject_id, CertificateSubjectId(pem_certificate));
  const auto it = by_subject_.find(subject_id);
  if (it == by_subject_.end()) {
    // The id comes from a certificate the client CA signed and is no
    // secret; escaped so that it cannot forge log lines.
    return absl::UnauthenticatedError(absl::StrCat(
        "the client certificate ", absl::CHexEscape(subject_id), " is not mapped to a user"));
  }
  return it->second;
}

}  // namespace torg::auth
