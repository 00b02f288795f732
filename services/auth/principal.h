#ifndef TORG_SERVICES_AUTH_PRINCIPAL_H_
#define TORG_SERVICES_AUTH_PRINCIPAL_H_

// Who is calling, once authenticated: the identity every authorisation
// decision and every audit record is made from.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace torg::auth {

// The roles of Torg. Each names a kind of work, and the access table
// (services/access) says what each may do.
enum class Role {
  // Works cases on their own platforms.
  kCoordinator,
  // Works for one party on cases where that party is involved and the
  // participant's consent covers it.
  kPartyOfficer,
  // Steering groups, the board, the analysis group: aggregates only.
  kSteering,
  // Cuts the follow-up exports (SUS).
  kExporter,
  // Reads the audit log.
  kAuditor,
  // Configuration, users (tokens) and erasure; never case work.
  kAdmin,
};

inline constexpr Role kAllRoles[] = {Role::kCoordinator, Role::kPartyOfficer, Role::kSteering,
                                     Role::kExporter,    Role::kAuditor,      Role::kAdmin};

// The name a role has in tokens and on the command line: "coordinator",
// "party_officer", "steering", "exporter", "auditor", "admin".
absl::string_view RoleName(Role role);

// The role named `name`; INVALID_ARGUMENT naming the valid names otherwise.
absl::StatusOr<Role> ParseRole(absl::string_view name);

struct Principal {
  // The user's id (a token's `sub`, or the mapped certificate's user).
  std::string user_id;
  // The förbund (tenant) the user works in.
  std::string forbund_id;
  // The party the user works for, e.g. "af"; may be empty for förbund staff.
  std::string party_id;
  std::vector<Role> roles;
  // The platforms whose cases a coordinator works.
  std::vector<std::string> platform_ids;
  // How the caller proved it, for the log and the audit: "jwt:<issuer>",
  // "certificate:<subject>", "insecure-dev".
  std::string authenticated_by;
  // Acts for every party: only the --insecure-dev developer, who stands in
  // for every role in development and tests.
  bool every_party = false;

  bool HasRole(Role role) const;
  bool WorksOnPlatform(absl::string_view platform_id) const;
  bool ActsForParty(absl::string_view party) const;
};

}  // namespace torg::auth

#endif  // TORG_SERVICES_AUTH_PRINCIPAL_H_
