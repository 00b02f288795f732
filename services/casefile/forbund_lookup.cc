#include "services/casefile/forbund_lookup.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace torg::casefile {

const v1::Platform* FindPlatform(const v1::ForbundConfig& config, absl::string_view id) {
  for (const v1::Platform& platform : config.platforms()) {
    if (platform.id() == id) return &platform;
  }
  return nullptr;
}

absl::StatusOr<const v1::Platform*> KnownPlatform(const v1::ForbundConfig& config,
                                                  absl::string_view id) {
  std::vector<std::string> known;
  for (const v1::Platform& platform : config.platforms()) {
    if (!id.empty() && platform.id() == id) return &platform;
    known.push_back(platform.id());
  }
  if (id.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("platform_id is required: one of ", absl::StrJoin(known, ", ")));
  }
  return absl::InvalidArgumentError(absl::StrCat("platform_id \"", id,
                                                 "\" is not a platform of the förbund (",
                                                 absl::StrJoin(known, ", "), ")"));
}

bool PartyExists(const v1::ForbundConfig& config, absl::string_view id) {
  return std::any_of(config.parties().begin(), config.parties().end(),
                     [&](const v1::Party& party) { return party.id() == id; });
}

bool KommunExists(const v1::ForbundConfig& config, absl::string_view code) {
  return std::any_of(config.kommuner().begin(), config.kommuner().end(),
                     [&](const v1::Kommun& kommun) { return kommun.code() == code; });
}

}  // namespace torg::casefile
