#ifndef TORG_SERVICES_CASEFILE_FORBUND_LOOKUP_H_
#define TORG_SERVICES_CASEFILE_FORBUND_LOOKUP_H_

// Lookups in the förbund's configuration that the domain's rules share.

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "torg/v1/forbund_config.pb.h"

namespace torg::casefile {

// The platform with `id`, or nullptr.
const v1::Platform* FindPlatform(const v1::ForbundConfig& config, absl::string_view id);

// The platform with `id`, for a request that names one: INVALID_ARGUMENT
// listing the förbund's platforms when `id` is empty ("platform_id is
// required: one of ...") or names none of them ("platform_id \"x\" is not a
// platform of the förbund (...)").
absl::StatusOr<const v1::Platform*> KnownPlatform(const v1::ForbundConfig& config,
                                                  absl::string_view id);

// Whether `id` is one of the förbund's parties.
bool PartyExists(const v1::ForbundConfig& config, absl::string_view id);

// Whether `code` is one of the förbund's kommuner.
bool KommunExists(const v1::ForbundConfig& config, absl::string_view code);

}  // namespace torg::casefile

#endif  // TORG_SERVICES_CASEFILE_FORBUND_LOOKUP_H_
