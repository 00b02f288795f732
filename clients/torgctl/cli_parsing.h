#ifndef TORG_CLIENTS_TORGCTL_CLI_PARSING_H_
#define TORG_CLIENTS_TORGCTL_CLI_PARSING_H_

// The text forms torgctl reads from the command line and writes back: dates,
// enum values, PARTY=TEXT pairs and request ids. No CLI11 here; see
// cli_options.h for the options built on these.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/generated_enum_reflection.h"
#include "torg/v1/types.pb.h"

namespace torg::torgctl {

// Parses a calendar date written strictly as YYYY-MM-DD (e.g. 2026-03-31).
// INVALID_ARGUMENT for any other form or a day the calendar does not have.
absl::StatusOr<torg::v1::Date> ParseDate(absl::string_view text);

// YYYY-MM-DD, or "" for an unset date (year 0).
std::string FormatDate(const torg::v1::Date& date);

// The name of an enum value on torgctl's command line and in its tables: the
// value's name without the prefix every value of its enum shares, in lower
// case with '-' for '_'. GENDER_WOMAN is "woman", FOLLOW_UP_POINT_3_MONTHS is
// "3-months".
std::string EnumFlagName(const google::protobuf::EnumValueDescriptor& value);

// The names of every value of `descriptor` but the zero one (UNSPECIFIED),
// in declaration order.
std::vector<std::string> EnumFlagNames(const google::protobuf::EnumDescriptor& descriptor);

// The number of the value `text` names (see EnumFlagName; upper case and '_'
// are accepted too). INVALID_ARGUMENT listing the accepted names otherwise;
// the zero value is never accepted.
absl::StatusOr<int> ParseEnumFlag(const google::protobuf::EnumDescriptor& descriptor,
                                  absl::string_view text);

// EnumFlagName of `value` of enum type E, or "" for the zero value.
template <typename E>
std::string EnumText(E value) {
  if (static_cast<int>(value) == 0) return "";
  const auto* found =
      google::protobuf::GetEnumDescriptor<E>()->FindValueByNumber(static_cast<int>(value));
  return found == nullptr ? std::to_string(static_cast<int>(value)) : EnumFlagName(*found);
}

// Splits "PARTY=TEXT" at the first '='. INVALID_ARGUMENT unless both sides
// are non-empty.
absl::StatusOr<std::pair<std::string, std::string>> ParsePartyText(absl::string_view text);

// A fresh random UUID (version 4), lower case, e.g.
// "0b7c2d1e-3f4a-4b5c-8d6e-7f8091a2b3c4": the request id of a mutating command
// when the user gives none.
std::string NewRequestId();

// Whether `text` is printable ASCII (0x20–0x7E), as gRPC requires of a
// metadata value such as the x-torg-user header.
bool IsPrintableAscii(absl::string_view text);

// A token's lifetime in seconds, from a whole number of seconds ("3600") or
// of minutes, hours or days with the unit ("30m", "8h", "90d"; "s" is
// accepted too). INVALID_ARGUMENT for any other form, for zero, and beyond
// 100 years; the server holds tokens to its own limits.
absl::StatusOr<int64_t> ParseLifetime(absl::string_view text);

// The roles torgd knows, as access_service.proto names them.
inline constexpr const char* kRoleNames[] = {"coordinator", "party_officer", "steering",
                                             "exporter",    "auditor",       "admin"};

// The role `text` names, in its proto form: "party-officer" and
// "PARTY_OFFICER" are "party_officer". INVALID_ARGUMENT listing the roles
// otherwise.
absl::StatusOr<std::string> ParseRoleName(absl::string_view text);

// A head of the audit log's chain as `audit verify` prints it.
struct AuditAnchor {
  uint64_t sequence = 0;
  // Lower-case hex.
  std::string hash_hex;
};

// Parses "SEQ:HEX" (e.g. "1042:9f86d0…"): a sequence of at least 1 and a
// hash in hex (upper case is lowered). INVALID_ARGUMENT otherwise.
absl::StatusOr<AuditAnchor> ParseAnchor(absl::string_view text);

// Which end of a period a time given as a day stands for.
enum class TimeBound { kFrom, kTo };

// A point in time: RFC 3339 with its offset ("2026-03-31T14:00:00Z",
// "2026-03-31T14:00:00+02:00"), or a day YYYY-MM-DD in `zone`, which for
// kFrom is its first moment and for kTo the first moment of the next day,
// so that `--from 2026-03-01 --to 2026-03-31` is all of March.
// INVALID_ARGUMENT for any other form.
absl::StatusOr<absl::Time> ParseTimeBound(absl::string_view text, TimeBound bound,
                                          absl::TimeZone zone);

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_CLI_PARSING_H_
