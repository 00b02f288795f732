#ifndef TORG_SERVICES_CONFIG_CONFIG_VALIDATION_H_
#define TORG_SERVICES_CONFIG_CONFIG_VALIDATION_H_

// The rules a förbund's configuration must follow before torgd runs with it.
// Validation finds every problem at once, so an administrator fixes a file in
// one round instead of one error per start.

#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "torg/v1/forbund_config.pb.h"

namespace torg::config {

// One step from a message into one of its fields.
struct FieldStep {
  const google::protobuf::FieldDescriptor* field = nullptr;
  // The element's index for a repeated field, -1 for a singular one.
  int index = -1;
};

// The way from the ForbundConfig root to a field, outermost step first.
using FieldPath = std::vector<FieldStep>;

// Renders a path the way an administrator finds it in the file, with 0-based
// indexes: "platforms[3].age_range.max_years". The empty path renders as "".
std::string FieldPathToString(const FieldPath& path);

// One violated rule.
struct ConfigProblem {
  // The offending field; for a missing field, the field that should be set.
  FieldPath path;
  // What is wrong and what is allowed, e.g. "70 is above the förbund's target
  // range 16–64". Does not repeat the path.
  std::string message;
};

// Checks every rule of torg/v1/forbund_config.proto and returns each
// violation, in the order of the fields in the config; empty when the config
// is valid. Never fails otherwise.
std::vector<ConfigProblem> FindConfigProblems(const torg::v1::ForbundConfig& config);

}  // namespace torg::config

#endif  // TORG_SERVICES_CONFIG_CONFIG_VALIDATION_H_
