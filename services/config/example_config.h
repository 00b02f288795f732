#ifndef TORG_SERVICES_CONFIG_EXAMPLE_CONFIG_H_
#define TORG_SERVICES_CONFIG_EXAMPLE_CONFIG_H_

// The example configuration, Samordningsförbundet Umeåregionen
// (deploy/config/umearegionen.textproto), built into the program so that
// torgd runs without a config file from any directory.

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "torg/v1/forbund_config.pb.h"

namespace torg::config {

// The name errors in the built-in example are reported under.
inline constexpr absl::string_view kExampleConfigSourceName = "umearegionen.textproto (built in)";

// The text of deploy/config/umearegionen.textproto as it was at build time.
absl::string_view ExampleForbundConfigText();

// Parses ExampleForbundConfigText() as ParseForbundConfig does. The build's
// tests keep it valid, so an error here means a broken build.
absl::StatusOr<torg::v1::ForbundConfig> LoadExampleForbundConfig();

}  // namespace torg::config

#endif  // TORG_SERVICES_CONFIG_EXAMPLE_CONFIG_H_
