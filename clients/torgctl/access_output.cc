#include "clients/torgctl/access_output.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/torgctl/case_output.h"
#include "clients/torgctl/cli_parsing.h"
#include "clients/torgctl/text_table.h"

namespace torg::torgctl {
namespace {

// "/torg.v1.CaseFileService/GetCase" reads as "CaseFileService/GetCase":
// every method of the API is in the one package.
std::string MethodText(const std::string& method) {
  constexpr absl::string_view kPrefix = "/torg.v1.";
  return absl::StartsWith(method, kPrefix) ? method.substr(kPrefix.size()) : method;
}

}  // namespace

std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp, absl::TimeZone zone) {
  if (timestamp.seconds() == 0 && timestamp.nanos() == 0) return "";
  const absl::Time time =
      absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
  return absl::FormatTime("%Y-%m-%d %H:%M:%S", time, zone);
}

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  google::protobuf::Timestamp timestamp;
  const int64_t seconds = absl::ToUnixSeconds(time);
  timestamp.set_seconds(seconds);
  timestamp.set_nanos(
      static_cast<int32_t>(absl::ToInt64Nanoseconds(time - absl::FromUnixSeconds(seconds))));
  return timestamp;
}

std::string RenderPrincipal(const torg::v1::PrincipalView& principal) {
  TextTable table;
  table.AddRow({"User", principal.user_id()});
  table.AddRow({"Förbund", principal.forbund_id()});
  table.AddRow({"Party", principal.party_id()});
  table.AddRow({"Roles", absl::StrJoin(principal.roles(), ", ")});
  table.AddRow({"Platforms", absl::StrJoin(principal.platform_ids(), ", ")});
  table.AddRow({"Authenticated by", principal.authenticated_by()});
  return table.Render();
}

std::string RenderAuditEntries(
    const google::protobuf::RepeatedPtrField<torg::v1::AuditEntry>& entries,
    const std::string& next_page_token, absl::TimeZone zone) {
  std::string text;
  if (!entries.empty()) {
    TextTable table(
        {"SEQ", "TIME", "USER", "ROLES", "METHOD", "OUTCOME", "PURPOSE", "PARTICIPANTS", "CASES"});
    for (const auto& entry : entries) {
      const torg::v1::AuditRecord& record = entry.record();
      table.AddRow({absl::StrCat(entry.sequence()), FormatTimestamp(record.recorded_at(), zone),
                    record.user_id(), absl::StrJoin(record.roles(), ","),
                    MethodText(record.method()), EnumText(record.outcome()), record.purpose(),
                    absl::StrJoin(record.participant_ids(), ","),
                    absl::StrJoin(record.case_ids(), ",")});
    }
    text = table.Render();
  }
  return absl::StrCat(text, RenderListEnd(entries.size(), "audit entries", next_page_token));
}

std::string AnchorText(const torg::v1::VerifyAuditLogResponse& result) {
  return absl::StrCat(result.head_sequence(), ":", result.head_hash_hex());
}

std::string RenderVerification(const torg::v1::VerifyAuditLogResponse& result) {
  if (result.intact()) {
    return absl::StrCat("intact: ", result.entries_checked(), " entries checked, head ",
                        AnchorText(result), "\n");
  }
  return absl::StrCat("BROKEN at entry ", result.first_broken_sequence(), ": ", result.problem(),
                      "\n", result.entries_checked(), " entries checked, head ", AnchorText(result),
                      "\n");
}

}  // namespace torg::torgctl
