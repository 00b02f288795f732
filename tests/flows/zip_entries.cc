#include "tests/flows/zip_entries.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace torg::flows_test {
namespace {

uint32_t ZipLe(absl::string_view bytes, size_t at, int width) {
  uint32_t value = 0;
  for (int i = width - 1; i >= 0; --i) {
    value = (value << 8) | static_cast<unsigned char>(bytes[at + static_cast<size_t>(i)]);
  }
  return value;
}

absl::StatusOr<std::string> Inflated(absl::string_view data, size_t size) {
  std::string out(size, '\0');
  z_stream stream{};
  // Negative window bits: raw deflate, as zip stores it (no zlib header).
  if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) return absl::InternalError("inflateInit2");
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = inflate(&stream, Z_FINISH);
  const uLong produced = stream.total_out;
  inflateEnd(&stream);
  if (result != Z_STREAM_END || produced != size) {
    return absl::InvalidArgumentError("an entry does not inflate to its recorded size");
  }
  return out;
}

uint32_t ZipCrc32(absl::string_view data) {
  // zlib's crc32 takes at most a uInt at a time.
  uLong crc = crc32(0L, Z_NULL, 0);
  while (!data.empty()) {
    const size_t chunk = std::min<size_t>(data.size(), 1u << 30);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(chunk));
    data.remove_prefix(chunk);
  }
  return static_cast<uint32_t>(crc);
}

// The text between `open` and the next `close` after `from`; npos-safe.
std::string XmlBetween(const std::string& xml, size_t from, const std::string& open,
                       const std::string& close, size_t* end) {
  const size_t start = xml.find(open, from);
  if (start == std::string::npos) return "";
  const size_t stop = xml.find(close, start + open.size());
  if (stop == std::string::npos) return "";
  if (end != nullptr) *end = stop + close.size();
  return xml.substr(start + open.size(), stop - start - open.size());
}

// Replaces the five XML entities libxlsxwriter writes.
std::string XmlText(std::string text) {
  const std::pair<const char*, const char*> entities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}};
  for (const auto& [entity, plain] : entities) {
    size_t at = 0;
    while ((at = text.find(entity, at)) != std::string::npos) {
      text.replace(at, std::string(entity).size(), plain);
      at += std::string(plain).size();
    }
  }
  return text;
}

// The text of every <t> inside `xml`, concatenated (a rich string has
// several runs).
std::string XmlAllText(const std::string& xml) {
  std::string text;
  size_t at = 0;
  while (true) {
    const size_t open = xml.find("<t", at);
    if (open == std::string::npos) break;
    const size_t content = xml.find('>', open);
    const size_t close = xml.find("</t>", content);
    if (content == std::string::npos || close == std::string::npos) break;
    text += xml.substr(content + 1, close - content - 1);
    at = close + 4;
  }
  return XmlText(text);
}

}  // namespace

absl::StatusOr<std::map<std::string, std::string>> ZipEntries(absl::string_view zip) {
  constexpr uint32_t kEndOfDirectory = 0x06054b50;
  constexpr uint32_t kDirectoryEntry = 0x02014b50;
  constexpr uint32_t kLocalHeader = 0x04034b50;
  constexpr size_t kEndOfDirectorySize = 22;
  constexpr size_t kDirectoryEntrySize = 46;
  constexpr size_t kLocalHeaderSize = 30;
  if (zip.size() < kEndOfDirectorySize) {
    return absl::InvalidArgumentError("too short to be a zip archive");
  }
  // The record ends the archive but for its comment, whose length it gives:
  // scanning backwards, the first signature whose comment runs exactly to
  // the end is the record (a signature inside the comment or the data does
  // not end there).
  size_t end = zip.size() - kEndOfDirectorySize;
  while (ZipLe(zip, end, 4) != kEndOfDirectory ||
         ZipLe(zip, end + 20, 2) != zip.size() - end - kEndOfDirectorySize) {
    if (end == 0) return absl::InvalidArgumentError("no end of central directory");
    --end;
  }
  const uint32_t entries = ZipLe(zip, end + 10, 2);
  if (ZipLe(zip, end + 8, 2) != entries) {
    return absl::InvalidArgumentError("a multi-disk archive");
  }
  const size_t directory_size = ZipLe(zip, end + 12, 4);
  size_t at = ZipLe(zip, end + 16, 4);
  if (at > end || directory_size > end - at) {
    return absl::InvalidArgumentError("the central directory is out of bounds");
  }
  const size_t directory_end = at + directory_size;
  std::map<std::string, std::string> files;
  for (uint32_t i = 0; i < entries; ++i) {
    if (at + kDirectoryEntrySize > directory_end || ZipLe(zip, at, 4) != kDirectoryEntry) {
      return absl::InvalidArgumentError(absl::StrCat("central directory entry ", i, " is broken"));
    }
    const uint32_t flags = ZipLe(zip, at + 8, 2);
    const uint32_t method = ZipLe(zip, at + 10, 2);
    const uint32_t crc = ZipLe(zip, at + 16, 4);
    const size_t compressed = ZipLe(zip, at + 20, 4);
    const size_t size = ZipLe(zip, at + 24, 4);
    const size_t name_length = ZipLe(zip, at + 28, 2);
    const size_t extra_length = ZipLe(zip, at + 30, 2);
    const size_t comment_length = ZipLe(zip, at + 32, 2);
    const size_t local = ZipLe(zip, at + 42, 4);
    const size_t next = at + kDirectoryEntrySize + name_length + extra_length + comment_length;
    if (next > directory_end) {
      return absl::InvalidArgumentError(
          absl::StrCat("central directory entry ", i, " runs past the directory"));
    }
    const std::string name(zip.substr(at + kDirectoryEntrySize, name_length));
    at = next;
    if (files.count(name) != 0) {
      return absl::InvalidArgumentError(absl::StrCat("the archive holds ", name, " twice"));
    }
    if ((flags & 1) != 0) return absl::InvalidArgumentError(absl::StrCat(name, " is encrypted"));
    if (local + kLocalHeaderSize > zip.size() || ZipLe(zip, local, 4) != kLocalHeader) {
      return absl::InvalidArgumentError(absl::StrCat("the local header of ", name, " is broken"));
    }
    const size_t local_name_length = ZipLe(zip, local + 26, 2);
    const size_t data = local + kLocalHeaderSize + local_name_length + ZipLe(zip, local + 28, 2);
    if (data > zip.size() || compressed > zip.size() - data) {
      return absl::InvalidArgumentError(absl::StrCat("the data of ", name, " is cut off"));
    }
    if (zip.substr(local + kLocalHeaderSize, local_name_length) != name) {
      return absl::InvalidArgumentError(
          absl::StrCat("the local header of ", name, " names another file"));
    }
    const absl::string_view stored = zip.substr(data, compressed);
    std::string contents;
    if (method == 0) {
      if (compressed != size) {
        return absl::InvalidArgumentError(absl::StrCat(name, " is stored but changes size"));
      }
      contents = std::string(stored);
    } else if (method == 8) {
      absl::StatusOr<std::string> inflated = Inflated(stored, size);
      if (!inflated.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(name, ": ", inflated.status().message()));
      }
      contents = *std::move(inflated);
    } else {
      return absl::InvalidArgumentError(absl::StrCat(name, " uses compression method ", method));
    }
    if (ZipCrc32(contents) != crc) {
      return absl::InvalidArgumentError(absl::StrCat("the CRC-32 of ", name, " does not match"));
    }
    files.emplace(name, std::move(contents));
  }
  return files;
}

absl::StatusOr<std::map<std::string, std::string>> ReadSheetCells(
    const std::string& sheet_xml, const std::string& shared_strings_xml) {
  std::vector<std::string> shared;
  size_t at = 0;
  while (true) {
    size_t end = 0;
    const size_t open = shared_strings_xml.find("<si>", at);
    if (open == std::string::npos) break;
    const std::string item = XmlBetween(shared_strings_xml, open, "<si>", "</si>", &end);
    shared.push_back(XmlAllText(item));
    at = end;
  }
  std::map<std::string, std::string> cells;
  at = 0;
  while (true) {
    const size_t open = sheet_xml.find("<c ", at);
    if (open == std::string::npos) break;
    const size_t head_end = sheet_xml.find('>', open);
    if (head_end == std::string::npos) break;
    const std::string head = sheet_xml.substr(open, head_end - open);
    at = head_end + 1;
    if (head.back() == '/') continue;  // <c r="B2" s="3"/>: a blank cell
    const size_t close = sheet_xml.find("</c>", at);
    if (close == std::string::npos) break;
    const std::string body = sheet_xml.substr(at, close - at);
    at = close + 4;
    const std::string reference = XmlBetween(head, 0, "r=\"", "\"", nullptr);
    if (reference.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("a cell without a reference: ", head));
    }
    const bool shared_string = head.find("t=\"s\"") != std::string::npos;
    const bool inline_string = head.find("t=\"inlineStr\"") != std::string::npos;
    if (inline_string) {
      cells[reference] = XmlAllText(body);
    } else {
      const std::string value = XmlBetween(body, 0, "<v>", "</v>", nullptr);
      if (shared_string) {
        size_t index = 0;
        if (!absl::SimpleAtoi(value, &index) || index >= shared.size()) {
          return absl::InvalidArgumentError(absl::StrCat(
              "cell ", reference, " names shared string \"", value, "\" of ", shared.size()));
        }
        cells[reference] = shared[index];
      } else {
        cells[reference] = value;
      }
    }
  }
  return cells;
}

}  // namespace torg::flows_test
