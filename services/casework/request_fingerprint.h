#ifndef TORG_SERVICES_CASEWORK_REQUEST_FINGERPRINT_H_
#define TORG_SERVICES_CASEWORK_REQUEST_FINGERPRINT_H_

// What makes two client requests "the same" for idempotency. The events a
// service writes differ between attempts (fresh ids, fresh nonces), so the
// store is given a digest of the client's request instead of its own digest
// of the events (storage::AppendRequest::request_fingerprint).

#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace torg::casework {

// SHA-256 (32 raw bytes) over the method's full name and the request's
// deterministic serialization. The request id is part of the request and so
// of the digest, which does not matter: it is the same in every retry.
std::string RequestFingerprint(absl::string_view method, const google::protobuf::Message& request);

}  // namespace torg::casework

#endif  // TORG_SERVICES_CASEWORK_REQUEST_FINGERPRINT_H_
