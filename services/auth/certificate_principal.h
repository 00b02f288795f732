#ifndef TORG_SERVICES_AUTH_CERTIFICATE_PRINCIPAL_H_
#define TORG_SERVICES_AUTH_CERTIFICATE_PRINCIPAL_H_

// Callers who authenticate with a client certificate (mutual TLS), e.g. a
// SITHS card. TLS has already verified the certificate against the client CA;
// this only says who its subject is in Torg.

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/auth/principal.h"

namespace torg::auth {

// The id Torg knows a certificate's subject by: its serialNumber attribute
// (where SITHS puts the HSA-id, e.g. "SE2321000016-1003"), or, when it has
// none, its commonName (CN). `pem_certificate` is a PEM certificate, as in
// gRPC's auth context property "x509_pem_cert"; only its first certificate is
// read. UNAUTHENTICATED if it does not parse, if the subject has neither
// attribute, or if the attribute used appears more than once (ambiguous).
absl::StatusOr<std::string> CertificateSubjectId(absl::string_view pem_certificate);

// One configured certificate user.
struct CertificateMapping {
  // The subject id (see CertificateSubjectId).
  std::string subject_id;
  // Who the subject is. authenticated_by is ignored: PrincipalFor sets it.
  Principal principal;
};

// Maps verified client certificates to principals. Immutable once created,
// so PrincipalFor is safe to call from many threads.
class CertificatePrincipals {
 public:
  // INVALID_ARGUMENT if a mapping has an empty subject id, user id or förbund
  // id, or no role, or if two mappings share a subject id; the message names
  // the mapping by its subject id.
  static absl::StatusOr<CertificatePrincipals> Create(std::vector<CertificateMapping> mappings);

  // The principal mapped from the subject of `pem_certificate`, with
  // authenticated_by "certificate:<subject id>". UNAUTHENTICATED as
  // CertificateSubjectId says, and "the client certificate <id> is not mapped
  // to a user" for a subject no mapping names.
  absl::StatusOr<Principal> PrincipalFor(absl::string_view pem_certificate) const;

  // How many subjects are mapped.
  size_t size() const { return by_subject_.size(); }

 private:
  CertificatePrincipals() = default;

  absl::flat_hash_map<std::string, Principal> by_subject_;
};

}  // namespace torg::auth

#endif  // TORG_SERVICES_AUTH_CERTIFICATE_PRINCIPAL_H_
