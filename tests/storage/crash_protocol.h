#ifndef TORG_TESTS_STORAGE_CRASH_PROTOCOL_H_
#define TORG_TESTS_STORAGE_CRASH_PROTOCOL_H_

// What the crash child and the kill -9 test agree on: how an append is
// derived from its description and how an acknowledgement line reads.

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "storage/event_store.h"

namespace torg::testing::crash {

struct Append {
  std::string request_id;
  std::string stream;
  std::optional<uint64_t> expected_version;
  int event_count = 1;
};

struct Ack {
  Append append;
  uint64_t first_position = 0;
  uint64_t last_position = 0;
  uint64_t stream_version = 0;
};

inline storage::AppendRequest ToRequest(const Append& append) {
  std::vector<storage::NewEvent> events;
  for (int k = 0; k < append.event_count; ++k) {
    events.push_back({"test.Noted", absl::StrCat(append.request_id, "/", k), ""});
  }
  return storage::AppendRequest::ToStream(append.request_id, append.stream, append.expected_version,
                                          std::move(events));
}

inline std::string FormatAck(const Append& append, const storage::AppendResult& result) {
  return absl::StrCat("ack ", append.request_id, " ", append.stream, " ",
                      append.expected_version.has_value() ? absl::StrCat(*append.expected_version)
                                                          : std::string("-"),
                      " ", append.event_count, " ", result.first_position, " ",
                      result.last_position, " ", result.stream_versions.at(0));
}

// nullopt unless `line` is a whole, well-formed ack line.
inline std::optional<Ack> ParseAck(absl::string_view line) {
  std::vector<std::string> parts = absl::StrSplit(line, ' ');
  if (parts.size() != 8 || parts[0] != "ack") return std::nullopt;
  Ack ack;
  ack.append.request_id = parts[1];
  ack.append.stream = parts[2];
  if (parts[3] != "-") {
    uint64_t expected = 0;
    if (!absl::SimpleAtoi(parts[3], &expected)) return std::nullopt;
    ack.append.expected_version = expected;
  }
  if (!absl::SimpleAtoi(parts[4], &ack.append.event_count) ||
      !absl::SimpleAtoi(parts[5], &ack.first_position) ||
      !absl::SimpleAtoi(parts[6], &ack.last_position) ||
      !absl::SimpleAtoi(parts[7], &ack.stream_version)) {
    return std::nullopt;
  }
  return ack;
}

}  // namespace torg::testing::crash

#endif  // TORG_TESTS_STORAGE_CRASH_PROTOCOL_H_
