#include "services/casefile/forbund_lookup.h"

#include <algorithm>

namespace torg::casefile {

const v1::Platform* FindPlatform(const v1::ForbundConfig& config, absl::string_view id) {
  for (const v1::Platform& platform : config.platforms()) {
    if (platform.id() == id) return &platform;
  }
  return nullptr;
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
