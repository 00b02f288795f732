#include "services/auth/access_config_loader.h"

#include <openssl/crypto.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/text_format.h"
#include "services/common/status_macros.h"

namespace torg::auth {
namespace {

using google::protobuf::TextFormat;

// An access configuration is a few kilobytes, a key file a few hundred bytes.
constexpr size_t kMaxConfigBytes = 1 << 20;
constexpr size_t kMaxKeyFileBytes = 64 << 10;

// Turns the parser's zero-based positions into "source:line:column: message".
class SyntaxErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  explicit SyntaxErrorCollector(absl::string_view source_name) : source_name_(source_name) {}

  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    errors_.push_back(absl::StrCat(source_name_, ":", line + 1, ":", column + 1, ": ", message));
  }

  const std::vector<std::string>& errors() const { return errors_; }

 private:
  std::string source_name_;
  std::vector<std::string> errors_;
};

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

// The whole file; or the errno of the failure; or `too_large` when it holds
// more than the caller's limit.
struct ReadResult {
  std::string contents;
  int error = 0;
  bool too_large = false;
};

ReadResult ReadLimited(const std::string& path, size_t max_bytes) {
  ReadResult result;
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (file == nullptr) {
    result.error = errno;
    return result;
  }
  char buffer[4096];
  size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof(buffer), file.get())) > 0) {
    result.contents.append(buffer, read);
    if (result.contents.size() > max_bytes) {
      result.too_large = true;
      break;
    }
  }
  // A key file's bytes may be a secret: none stays behind on the stack.
  OPENSSL_cleanse(buffer, sizeof(buffer));
  if (!result.too_large && std::ferror(file.get())) result.error = errno != 0 ? errno : EIO;
  return result;
}

absl::Status ConfigReadError(const std::string& path, int error) {
  switch (error) {
    case ENOENT:
    case ENOTDIR:
      return absl::NotFoundError(absl::StrCat("access config file ", path, " does not exist"));
    case EACCES:
    case EPERM:
      return absl::PermissionDeniedError(
          absl::StrCat("cannot read access config file ", path, ": ", std::strerror(error)));
    default:
      return absl::FailedPreconditionError(
          absl::StrCat("cannot read access config file ", path, ": ", std::strerror(error)));
  }
}

std::string DirectoryOf(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::optional<TokenAlgorithm> AlgorithmOf(torg::v1::TokenAlgorithm algorithm) {
  switch (algorithm) {
    case torg::v1::TOKEN_ALGORITHM_RS256:
      return TokenAlgorithm::kRs256;
    case torg::v1::TOKEN_ALGORITHM_ES256:
      return TokenAlgorithm::kEs256;
    case torg::v1::TOKEN_ALGORITHM_HS256:
      return TokenAlgorithm::kHs256;
    default:
      return std::nullopt;
  }
}

// Collects the problems of one configuration, each with its place.
class Problems {
 public:
  Problems(std::string path, const TextFormat::ParseInfoTree& locations)
      : path_(std::move(path)), locations_(locations) {}

  // A problem of element `index` of the repeated field `field_name`, which
  // the reader knows by `label` (e.g. `issuer "https://idp"`).
  void Add(absl::string_view field_name, int index, absl::string_view label,
           absl::string_view problem) {
    const google::protobuf::FieldDescriptor* field =
        torg::v1::AccessConfig::descriptor()->FindFieldByName(std::string(field_name));
    const int line = field == nullptr ? -1 : locations_.GetLocation(field, index).line;
    const std::string where = line >= 0 ? absl::StrCat(path_, ":", line + 1) : path_;
    lines_.push_back(
        absl::StrCat(where, ": ", field_name, "[", index, "] (", label, "): ", problem));
  }

  bool empty() const { return lines_.empty(); }
  absl::Status ToStatus() const { return absl::InvalidArgumentError(absl::StrJoin(lines_, "\n")); }

 private:
  std::string path_;
  const TextFormat::ParseInfoTree& locations_;
  std::vector<std::string> lines_;
};

void CheckIssuer(const torg::v1::TrustedIssuer& entry, int index, const std::string& directory,
                 TokenVerifier& verifier, Problems& problems) {
  const std::string label = absl::StrCat("issuer \"", entry.issuer(), "\"");
  auto problem = [&](absl::string_view text) { problems.Add("issuers", index, label, text); };
  if (entry.issuer().empty()) problem("issuer is not set");
  const std::optional<TokenAlgorithm> algorithm = AlgorithmOf(entry.algorithm());
  if (!algorithm.has_value()) problem("algorithm is not set: RS256, ES256 or HS256");
  if (entry.key_file().empty()) problem("key_file is not set");
  if (entry.issuer().empty() || !algorithm.has_value() || entry.key_file().empty()) return;

  const std::string key_path = entry.key_file().front() == '/'
                                   ? entry.key_file()
                                   : absl::StrCat(directory, "/", entry.key_file());
  ReadResult file = ReadLimited(key_path, kMaxKeyFileBytes);
  if (file.error != 0) {
    problem(absl::StrCat("key file ", key_path, " cannot be read: ", std::strerror(file.error)));
  } else if (file.too_large) {
    problem(absl::StrCat("key file ", key_path, " is larger than ", kMaxKeyFileBytes,
                         " bytes; it is not a key"));
  } else {
    TrustedKey key;
    key.issuer = entry.issuer();
    key.key_id = entry.key_id();
    key.algorithm = *algorithm;
    key.key_material = std::move(file.contents);
    const absl::Status added = verifier.AddTrustedKey(key);
    if (!added.ok()) problem(absl::StrCat("key file ", key_path, ": ", added.message()));
    OPENSSL_cleanse(key.key_material.data(), key.key_material.size());
  }
  OPENSSL_cleanse(file.contents.data(), file.contents.size());
}

void CheckCertificateUser(const torg::v1::CertificateUser& entry, int index, Problems& problems) {
  const std::string label = absl::StrCat("subject \"", entry.subject_id(), "\"");
  auto problem = [&](absl::string_view text) {
    problems.Add("certificate_users", index, label, text);
  };
  if (entry.subject_id().empty()) problem("subject_id is not set");
  if (entry.user_id().empty()) problem("user_id is not set");
  if (entry.forbund_id().empty()) problem("forbund_id is not set");
  if (entry.roles().empty()) problem("roles is empty: a user needs at least one role");
  for (const std::string& role : entry.roles()) {
    const absl::StatusOr<Role> parsed = ParseRole(role);
    if (!parsed.ok()) problem(parsed.status().message());
  }
}

}  // namespace

absl::StatusOr<LoadedAccessConfig> LoadAccessConfig(const std::string& path) {
  const ReadResult file = ReadLimited(path, kMaxConfigBytes);
  if (file.error != 0) return ConfigReadError(path, file.error);
  if (file.too_large) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": is larger than ", kMaxConfigBytes, " bytes; is it the right file?"));
  }

  SyntaxErrorCollector syntax_errors(path);
  TextFormat::ParseInfoTree locations;
  TextFormat::Parser parser;
  parser.RecordErrorsTo(&syntax_errors);
  parser.WriteLocationsTo(&locations);
  torg::v1::AccessConfig config;
  google::protobuf::io::ArrayInputStream input(file.contents.data(),
                                               static_cast<int>(file.contents.size()));
  if (!parser.Parse(&input, &config)) {
    if (syntax_errors.errors().empty()) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": cannot be parsed"));
    }
    return absl::InvalidArgumentError(absl::StrJoin(syntax_errors.errors(), "\n"));
  }
  if (config.audience().empty()) config.set_audience(kDefaultAudience);

  Problems problems(path, locations);
  TORG_ASSIGN_OR_RETURN(TokenVerifier verifier, TokenVerifier::Create({}, config.audience()));
  const std::string directory = DirectoryOf(path);
  // (issuer, key id) → first index, for naming duplicates.
  std::map<std::pair<std::string, std::string>, int> key_ids;
  for (int i = 0; i < config.issuers_size(); ++i) {
    const torg::v1::TrustedIssuer& entry = config.issuers(i);
    CheckIssuer(entry, i, directory, verifier, problems);
    if (entry.key_id().empty()) continue;
    const auto [it, inserted] = key_ids.emplace(std::make_pair(entry.issuer(), entry.key_id()), i);
    if (!inserted) {
      problems.Add("issuers", i, absl::StrCat("issuer \"", entry.issuer(), "\""),
                   absl::StrCat("key id \"", entry.key_id(), "\" is also issuers[", it->second,
                                "]'s: each key of an issuer needs its own id"));
    }
  }

  std::vector<CertificateMapping> mappings;
  std::map<std::string, int> subjects;
  for (int i = 0; i < config.certificate_users_size(); ++i) {
    const torg::v1::CertificateUser& entry = config.certificate_users(i);
    CheckCertificateUser(entry, i, problems);
    if (!entry.subject_id().empty()) {
      const auto [it, inserted] = subjects.emplace(entry.subject_id(), i);
      if (!inserted) {
        problems.Add("certificate_users", i, absl::StrCat("subject \"", entry.subject_id(), "\""),
                     absl::StrCat("subject_id is also certificate_users[", it->second,
                                  "]'s: each subject maps to one user"));
      }
    }
    CertificateMapping mapping;
    mapping.subject_id = entry.subject_id();
    mapping.principal.user_id = entry.user_id();
    mapping.principal.forbund_id = entry.forbund_id();
    mapping.principal.party_id = entry.party_id();
    for (const std::string& role : entry.roles()) {
      const absl::StatusOr<Role> parsed = ParseRole(role);
      if (parsed.ok()) mapping.principal.roles.push_back(*parsed);
    }
    mapping.principal.platform_ids.assign(entry.platform_ids().begin(), entry.platform_ids().end());
    mappings.push_back(std::move(mapping));
  }
  if (!problems.empty()) return problems.ToStatus();

  // Every rule Create checks was checked above with the entry's place; a
  // failure here would be a gap in those checks, still reported, not hidden.
  TORG_ASSIGN_OR_RETURN(CertificatePrincipals certificates,
                        CertificatePrincipals::Create(std::move(mappings)));
  return LoadedAccessConfig{std::move(config), std::move(verifier), std::move(certificates)};
}

}  // namespace torg::auth
