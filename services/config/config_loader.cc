#include "services/config/config_loader.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/text_format.h"
#include "services/common/log.h"
#include "services/common/status_macros.h"
#include "services/config/config_validation.h"

namespace torg::config {
namespace {

using google::protobuf::TextFormat;

// A configuration is a few kilobytes; anything near this is a wrong file.
constexpr size_t kMaxConfigBytes = 4 << 20;

// Turns the parser's zero-based positions into "source:line:column: message".
class SyntaxErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  explicit SyntaxErrorCollector(absl::string_view source_name) : source_name_(source_name) {}

  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    errors_.push_back(absl::StrCat(source_name_, ":", line + 1, ":", column + 1, ": ", message));
  }

  void AddWarning(int line, google::protobuf::io::ColumnNumber column,
                  const std::string& message) override {
    log::Warning(
        "config warning",
        {{"at", absl::StrCat(source_name_, ":", line + 1, ":", column + 1)}, {"warning", message}});
  }

  const std::vector<std::string>& errors() const { return errors_; }

 private:
  std::string source_name_;
  std::vector<std::string> errors_;
};

// Zero-based line of one step inside `tree`, -1 if the text does not have it.
// Elements written in list syntax (`ids: ["a", "b"]`) share one recorded
// location, so a later element falls back to the nearest earlier one; a whole
// repeated field (index -1) is located at its first element.
int LineOfStep(const TextFormat::ParseInfoTree& tree, const FieldStep& step) {
  if (!step.field->is_repeated()) return tree.GetLocation(step.field, -1).line;
  for (int i = std::max(step.index, 0); i >= 0; --i) {
    const int line = tree.GetLocation(step.field, i).line;
    if (line >= 0) return line;
  }
  return -1;
}

// One-based line of the deepest step of `path` present in the text, 0 when
// not even the first step is.
int LineOf(const TextFormat::ParseInfoTree& root, const FieldPath& path) {
  int line = -1;
  const TextFormat::ParseInfoTree* tree = &root;
  for (const FieldStep& step : path) {
    const int step_line = LineOfStep(*tree, step);
    if (step_line < 0) break;
    line = step_line;
    if (step.field->message_type() == nullptr) break;
    const int nested_index = step.field->is_repeated() ? std::max(step.index, 0) : -1;
    tree = tree->GetTreeForNested(step.field, nested_index);
    if (tree == nullptr) break;
  }
  return line + 1;
}

std::string FormatProblem(absl::string_view source_name, const TextFormat::ParseInfoTree& tree,
                          const ConfigProblem& problem) {
  const int line = LineOf(tree, problem.path);
  const std::string where =
      line > 0 ? absl::StrCat(source_name, ":", line) : std::string(source_name);
  return absl::StrCat(where, ": ", FieldPathToString(problem.path), ": ", problem.message);
}

absl::Status ReadError(const std::string& path, int error_number) {
  const std::string message =
      absl::StrCat("cannot read config file ", path, ": ", std::strerror(error_number));
  switch (error_number) {
    case ENOENT:
    case ENOTDIR:
      return absl::NotFoundError(absl::StrCat("config file ", path, " does not exist"));
    case EACCES:
    case EPERM:
      return absl::PermissionDeniedError(message);
    default:
      return absl::FailedPreconditionError(message);
  }
}

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

absl::StatusOr<std::string> ReadSmallFile(const std::string& path) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (file == nullptr) return ReadError(path, errno);
  std::string contents;
  char buffer[8192];
  size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof(buffer), file.get())) > 0) {
    contents.append(buffer, read);
    if (contents.size() > kMaxConfigBytes) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": is larger than ", kMaxConfigBytes,
                                                     " bytes; is it the right file?"));
    }
  }
  if (std::ferror(file.get())) return ReadError(path, errno);
  return contents;
}

}  // namespace

absl::StatusOr<torg::v1::ForbundConfig> ParseForbundConfig(absl::string_view text,
                                                           absl::string_view source_name) {
  if (text.size() > kMaxConfigBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        source_name, ": is larger than ", kMaxConfigBytes, " bytes; is it the right file?"));
  }
  SyntaxErrorCollector syntax_errors(source_name);
  TextFormat::ParseInfoTree locations;
  TextFormat::Parser parser;
  parser.RecordErrorsTo(&syntax_errors);
  parser.WriteLocationsTo(&locations);

  torg::v1::ForbundConfig config;
  google::protobuf::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
  if (!parser.Parse(&input, &config)) {
    if (syntax_errors.errors().empty()) {
      return absl::InvalidArgumentError(absl::StrCat(source_name, ": cannot be parsed"));
    }
    return absl::InvalidArgumentError(absl::StrJoin(syntax_errors.errors(), "\n"));
  }

  const std::vector<ConfigProblem> problems = FindConfigProblems(config);
  if (!problems.empty()) {
    std::vector<std::string> lines;
    lines.reserve(problems.size());
    for (const ConfigProblem& problem : problems) {
      lines.push_back(FormatProblem(source_name, locations, problem));
    }
    return absl::InvalidArgumentError(absl::StrJoin(lines, "\n"));
  }
  return config;
}

absl::StatusOr<torg::v1::ForbundConfig> LoadForbundConfigFile(const std::string& path) {
  TORG_ASSIGN_OR_RETURN(const std::string text, ReadSmallFile(path));
  return ParseForbundConfig(text, path);
}

}  // namespace torg::config
