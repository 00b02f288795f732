#include "clients/loadgen/load_report.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace torg::loadgen {
namespace {

std::string LatencyRow(const std::string& label, const LatencySummary& summary) {
  return absl::StrFormat("  %-28s %9d %9.2f %9.2f %9.2f %9.2f %9.2f\n", label, summary.count,
                         summary.mean_ms, summary.p50_ms, summary.p99_ms, summary.p999_ms,
                         summary.max_ms);
}

std::string LatencyJson(const LatencySummary& summary) {
  return absl::StrFormat(
      R"({"count": %d, "mean_ms": %.3f, "p50_ms": %.3f, "p99_ms": %.3f, "p999_ms": %.3f, )"
      R"("max_ms": %.3f})",
      summary.count, summary.mean_ms, summary.p50_ms, summary.p99_ms, summary.p999_ms,
      summary.max_ms);
}

// The message as a JSON string literal: quotes, backslashes and control
// characters escaped.
std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += absl::StrFormat("\\u%04x", c);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

std::string FormatText(const LoadReport& report) {
  std::string text = absl::StrFormat(
      "%d commands acknowledged in %.2f s: %.0f commands/s from %d case streams "
      "(%d participants), mean request %.0f bytes\n",
      report.overall.count, report.seconds, report.CommandsPerSecond(), report.streams,
      report.participants, report.mean_request_bytes);
  absl::StrAppendFormat(&text, "  %-28s %9s %9s %9s %9s %9s %9s\n", "latency (ms)", "count", "mean",
                        "p50", "p99", "p99.9", "max");
  text += LatencyRow("all commands", report.overall);
  for (const auto& [method, summary] : report.by_method) text += LatencyRow(method, summary);
  if (report.failed > 0) absl::StrAppend(&text, report.failed, " commands failed\n");
  if (report.replayed > 0) {
    absl::StrAppend(&text, report.replayed,
                    " commands were answered as replays of an earlier attempt\n");
  }
  if (!report.load_status.ok()) {
    absl::StrAppend(&text, "the load stopped: ", report.load_status.message(), "\n");
  }
  if (report.read_back_done) {
    const ReadBackResult& back = report.read_back;
    absl::StrAppendFormat(&text,
                          "read back: %d cases with %d acknowledged steps, %d participants with "
                          "%d consents: %s\n",
                          back.cases, back.steps, back.participants, back.consents,
                          back.problem_count == 0
                              ? std::string("every acknowledged command is there")
                              : absl::StrCat(back.problem_count, " PROBLEMS"));
    for (const std::string& problem : back.problems) absl::StrAppend(&text, "  ", problem, "\n");
  }
  return text;
}

std::string FormatJson(const LoadReport& report) {
  std::vector<std::string> methods;
  for (const auto& [method, summary] : report.by_method) {
    methods.push_back(absl::StrCat(JsonString(method), ": ", LatencyJson(summary)));
  }
  const ReadBackResult& back = report.read_back;
  return absl::StrFormat(
      "{\n  \"streams\": %d,\n  \"participants\": %d,\n  \"commands\": %d,\n"
      "  \"failed\": %d,\n  \"replayed\": %d,\n  \"seconds\": %.3f,\n  \"commands_per_second\": "
      "%.1f,\n"
      "  \"mean_request_bytes\": %.1f,\n  \"latency\": %s,\n  \"by_method\": {%s},\n"
      "  \"load_error\": %s,\n  \"read_back\": {\"done\": %s, \"cases\": %d, \"steps\": %d, "
      "\"participants\": %d, \"consents\": %d, \"problems\": %d},\n  \"passed\": %s\n}\n",
      report.streams, report.participants, report.overall.count, report.failed, report.replayed,
      report.seconds, report.CommandsPerSecond(), report.mean_request_bytes,
      LatencyJson(report.overall), absl::StrJoin(methods, ", "),
      JsonString(std::string(report.load_status.message())),
      report.read_back_done ? "true" : "false", back.cases, back.steps, back.participants,
      back.consents, back.problem_count, report.Passed() ? "true" : "false");
}

}  // namespace torg::loadgen
