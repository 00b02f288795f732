#include "services/config/example_config.h"

#include "services/config/config_loader.h"

namespace torg::config {

absl::StatusOr<torg::v1::ForbundConfig> LoadExampleForbundConfig() {
  return ParseForbundConfig(ExampleForbundConfigText(), kExampleConfigSourceName);
}

}  // namespace torg::config
