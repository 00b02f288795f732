#include "services/auth/principal.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace torg::auth {

absl::string_view RoleName(Role role) {
  switch (role) {
    case Role::kCoordinator:
      return "coordinator";
    case Role::kPartyOfficer:
      return "party_officer";
    case Role::kSteering:
      return "steering";
    case Role::kExporter:
      return "exporter";
    case Role::kAuditor:
      return "auditor";
    case Role::kAdmin:
      return "admin";
  }
  return "unknown";
}

absl::StatusOr<Role> ParseRole(absl::string_view name) {
  for (Role role : kAllRoles) {
    if (RoleName(role) == name) return role;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown role \"", name,
                   "\": the roles are coordinator, party_officer, steering, exporter, auditor "
                   "and admin"));
}

bool Principal::HasRole(Role role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

bool Principal::WorksOnPlatform(absl::string_view platform_id) const {
  return std::find(platform_ids.begin(), platform_ids.end(), platform_id) != platform_ids.end();
}

bool Principal::ActsForParty(absl::string_view party) const {
  return !party.empty() && (every_party || party == party_id);
}

}  // namespace torg::auth
