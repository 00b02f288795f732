#ifndef TORG_SERVICES_CONFIG_CONFIG_LOADER_H_
#define TORG_SERVICES_CONFIG_CONFIG_LOADER_H_

// Reading a förbund's configuration from protobuf text format, e.g.
// deploy/config/umearegionen.textproto. Every error points at the place in
// the file to fix:
//   umearegionen.textproto:42: platforms[3].age_range.max_years: 70 is above
//   the förbund's target range 16–64

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "torg/v1/forbund_config.pb.h"

namespace torg::config {

// Parses and validates `text`. `source_name` starts every error line, e.g. the
// file's path. Errors are INVALID_ARGUMENT with one problem per line:
//   "<source>:<line>:<column>: <message>"        for a syntax error,
//   "<source>:<line>: <field path>: <message>"   for a rule the config breaks
// (the line of the offending field, or of the nearest enclosing one present
// in the text; no line when nothing encloses it, e.g. a missing top-level
// list). Every rule of config_validation.h is checked and every violation
// reported. Text of more than 4 MiB is refused unparsed.
absl::StatusOr<torg::v1::ForbundConfig> ParseForbundConfig(absl::string_view text,
                                                           absl::string_view source_name);

// Reads the file at `path` and parses it as ParseForbundConfig does, with
// `path` as the source name. NOT_FOUND if there is no such file,
// PERMISSION_DENIED if it cannot be read for lack of rights, FAILED_PRECONDITION
// for any other read error (e.g. a directory); each names the path.
// INVALID_ARGUMENT for a file of more than 4 MiB, which cannot be a config.
absl::StatusOr<torg::v1::ForbundConfig> LoadForbundConfigFile(const std::string& path);

}  // namespace torg::config

#endif  // TORG_SERVICES_CONFIG_CONFIG_LOADER_H_
