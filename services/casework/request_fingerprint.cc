#include "services/casework/request_fingerprint.h"

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace torg::casework {

std::string RequestFingerprint(const sealing::LookupHasher& keyed_by, absl::string_view method,
                               const google::protobuf::Message& request) {
  // Domain-separated from the personnummer lookup hashes made with the same
  // secret: no request digest can equal a lookup hash.
  std::string bytes = "torg.request-fingerprint/";
  bytes.append(method.data(), method.size());
  bytes.push_back('\0');
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&coded);
  }
  return keyed_by.Hash(bytes);
}

}  // namespace torg::casework
