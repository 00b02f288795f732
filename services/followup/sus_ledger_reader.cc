#include "services/followup/sus_ledger_reader.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/followup/sus_ledger_projection.h"

namespace torg::followup {
namespace {

// Versions are few per stay (begin, end, a consent change), so a platform's
// scan reads about three keys per stay.
constexpr size_t kSusScanPage = 1000;

struct StayVersionKey {
  absl::string_view stay_id;
  uint64_t position = 0;
};

std::optional<StayVersionKey> ParseStayVersionKey(absl::string_view key, size_t prefix_size) {
  absl::string_view rest = key.substr(prefix_size);
  const size_t slash = rest.rfind('/');
  if (slash == absl::string_view::npos) return std::nullopt;
  StayVersionKey parsed;
  parsed.stay_id = rest.substr(0, slash);
  if (!absl::SimpleHexAtoi(rest.substr(slash + 1), &parsed.position)) return std::nullopt;
  return parsed;
}

}  // namespace

absl::StatusOr<std::vector<v1::SusStayVersion>> ReadSusStays(storage::EventStore& store,
                                                             absl::string_view platform_id,
                                                             uint64_t as_of_position) {
  const std::string prefix = SusStayPlatformPrefix(platform_id);
  std::vector<v1::SusStayVersion> stays;
  // The versions of one stay are adjacent and in position order: the last
  // one at or before the cut wins.
  std::string current_stay;
  std::optional<std::string> current_value;
  auto flush = [&]() -> absl::Status {
    if (!current_value.has_value()) return absl::OkStatus();
    v1::SusStayVersion version;
    if (!version.ParseFromString(*current_value)) {
      return absl::DataLossError(
          absl::StrCat("the SUS ledger's version of stay ", current_stay, " is corrupt"));
    }
    stays.push_back(std::move(version));
    current_value.reset();
    return absl::OkStatus();
  };
  std::string start_after;
  while (true) {
    TORG_ASSIGN_OR_RETURN(
        std::vector<storage::ProjectionEntry> page,
        store.ScanProjection(kSusLedgerProjection, prefix, start_after, kSusScanPage));
    for (storage::ProjectionEntry& entry : page) {
      const std::optional<StayVersionKey> key = ParseStayVersionKey(entry.first, prefix.size());
      if (!key.has_value()) {
        return absl::DataLossError(
            absl::StrCat("the SUS ledger has a malformed key ", entry.first));
      }
      if (key->stay_id != current_stay) {
        TORG_RETURN_IF_ERROR(flush());
        current_stay = std::string(key->stay_id);
      }
      if (key->position <= as_of_position) current_value = std::move(entry.second);
    }
    if (page.size() < kSusScanPage) break;
    start_after = page.back().first;
  }
  TORG_RETURN_IF_ERROR(flush());
  return stays;
}

}  // namespace torg::followup
