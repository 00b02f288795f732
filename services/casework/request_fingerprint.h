#ifndef TORG_SERVICES_CASEWORK_REQUEST_FINGERPRINT_H_
#define TORG_SERVICES_CASEWORK_REQUEST_FINGERPRINT_H_

// What makes two client requests "the same" for idempotency. The events a
// service writes differ between attempts (fresh ids, fresh nonces), so the
// store is given a digest of the client's request instead of its own digest
// of the events (storage::AppendRequest::request_fingerprint).

#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "services/sealing/lookup_hasher.h"

namespace torg::casework {

// A keyed digest (HMAC-SHA-256 under the server's lookup secret, 64 hex
// characters) of the method's full name and the request's deterministic
// serialization. Keyed because it is stored for as long as the request's
// idempotency record and the request holds personal data: a plain hash of a
// registration could be confirmed by hashing guessed personnummer, and that
// of a referral would give away its sensitive flags to four guesses. The
// request id is part of the digest, which does not matter: it is the same in
// every retry.
std::string RequestFingerprint(const sealing::LookupHasher& keyed_by, absl::string_view method,
                               const google::protobuf::Message& request);

}  // namespace torg::casework

#endif  // TORG_SERVICES_CASEWORK_REQUEST_FINGERPRINT_H_
