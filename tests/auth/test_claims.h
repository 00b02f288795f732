#ifndef TORG_TESTS_AUTH_TEST_CLAIMS_H_
#define TORG_TESTS_AUTH_TEST_CLAIMS_H_

// Building token headers and claims for the auth tests, as JSON objects that a
// test can edit before signing.

#include <initializer_list>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/struct.pb.h"
#include "services/auth/jwt_internal.h"

namespace torg::auth::testing {

using JsonObject = google::protobuf::Struct;

// The fixed "now" at which the auth tests mint and verify tokens, so that no
// test depends on the clock.
inline constexpr absl::Time kNow = absl::FromUnixSeconds(1'750'000'000);

inline void SetString(JsonObject& object, const std::string& name, absl::string_view value) {
  (*object.mutable_fields())[name].set_string_value(std::string(value));
}

inline void SetNumber(JsonObject& object, const std::string& name, double value) {
  (*object.mutable_fields())[name].set_number_value(value);
}

inline void SetStrings(JsonObject& object, const std::string& name,
                       std::initializer_list<absl::string_view> values) {
  auto* list = (*object.mutable_fields())[name].mutable_list_value();
  list->Clear();
  for (absl::string_view value : values) list->add_values()->set_string_value(std::string(value));
}

inline void Remove(JsonObject& object, const std::string& name) {
  object.mutable_fields()->erase(name);
}

inline std::string Json(const JsonObject& object) { return internal::ToJson(object); }

// {"alg": alg, "typ": "JWT"} plus "kid" when given.
inline JsonObject Header(absl::string_view alg, absl::string_view kid = "") {
  JsonObject header;
  SetString(header, "alg", alg);
  SetString(header, "typ", "JWT");
  if (!kid.empty()) SetString(header, "kid", kid);
  return header;
}

// The claims of a valid token from `issuer` for audience "torg": coordinator
// "anna" of förbund "umearegionen", party "region-vasterbotten", on
// ungdomstorget and vuxentorget, issued a minute before `now`, valid for an
// hour.
inline JsonObject ValidClaims(absl::string_view issuer, absl::Time now) {
  JsonObject claims;
  SetString(claims, "iss", issuer);
  SetString(claims, "aud", "torg");
  SetString(claims, "sub", "anna");
  SetString(claims, "torg_forbund", "umearegionen");
  SetString(claims, "torg_party", "region-vasterbotten");
  SetStrings(claims, "torg_roles", {"coordinator", "auditor"});
  SetStrings(claims, "torg_platforms", {"ungdomstorget", "vuxentorget"});
  const double seconds = static_cast<double>(absl::ToUnixSeconds(now));
  SetNumber(claims, "iat", seconds - 60);
  SetNumber(claims, "nbf", seconds - 60);
  SetNumber(claims, "exp", seconds + 3600);
  return claims;
}

}  // namespace torg::auth::testing

#endif  // TORG_TESTS_AUTH_TEST_CLAIMS_H_
