#include "services/caseindex/case_streams.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace torg::caseindex {

namespace {
constexpr absl::string_view kCaseStreamPrefix = "case-";
constexpr absl::string_view kParticipantStreamPrefix = "participant-";
}  // namespace

std::string CaseStream(absl::string_view case_id) {
  return absl::StrCat(kCaseStreamPrefix, case_id);
}

std::string ParticipantStream(absl::string_view participant_id) {
  return absl::StrCat(kParticipantStreamPrefix, participant_id);
}

std::optional<std::string> CaseIdOfStream(absl::string_view stream) {
  if (!absl::StartsWith(stream, kCaseStreamPrefix) || stream.size() == kCaseStreamPrefix.size()) {
    return std::nullopt;
  }
  return std::string(stream.substr(kCaseStreamPrefix.size()));
}

}  // namespace torg::caseindex
