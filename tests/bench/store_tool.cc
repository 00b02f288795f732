// torg_bench_store: what the benchmarks do to a CLOSED data directory
// beside torgd. `compact` compacts every column family through its last
// level and prints the bytes on disk per family and per event; `mark-rebuild`
// records every projection at a format version no torgd has, so the next
// torgd start discards and rebuilds every read model from the log
// (storage/projection_catch_up.h), as an upgrade that changes them would.

#include <rocksdb/db.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "storage/column_families.h"
#include "storage/keys.h"
#include "storage/rocks_database.h"

namespace torg::bench {
namespace {

using storage::ColumnFamily;

// A format version no projection has: far above any real one, below the
// uint32 limit the progress record allows.
constexpr uint64_t kForeignFormatVersion = 4000000000;

uint64_t LastPosition(const storage::RocksDatabase& database) {
  std::unique_ptr<rocksdb::Iterator> last(
      database.db()->NewIterator(rocksdb::ReadOptions(), database.family(ColumnFamily::kEvents)));
  last->SeekToLast();
  if (!last->Valid()) return 0;
  return storage::keys::PositionFromEventKey(last->key().ToString()).value_or(0);
}

int Compact(const storage::RocksDatabase& database) {
  std::vector<std::string> families;
  uint64_t total = 0;
  rocksdb::CompactRangeOptions options;
  options.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  for (size_t i = 0; i < storage::kColumnFamilyCount; ++i) {
    rocksdb::ColumnFamilyHandle* family = database.family(static_cast<ColumnFamily>(i));
    database.db()->Flush(rocksdb::FlushOptions(), family);
    const rocksdb::Status status = database.db()->CompactRange(options, family, nullptr, nullptr);
    if (!status.ok()) {
      std::cerr << "torg_bench_store: " << status.ToString() << "\n";
      return 1;
    }
    uint64_t bytes = 0;
    database.db()->GetIntProperty(family, "rocksdb.total-sst-files-size", &bytes);
    total += bytes;
    families.push_back(absl::StrFormat(R"("%s": %d)", storage::kColumnFamilyNames[i], bytes));
  }
  const uint64_t events = LastPosition(database);
  std::cout << absl::StrFormat(
      R"({"events": %d, "sst_bytes": %d, "bytes_per_event": %.1f, "families": {%s}})"
      "\n",
      events, total, events == 0 ? 0.0 : static_cast<double>(total) / events,
      absl::StrJoin(families, ", "));
  return 0;
}

int MarkRebuild(const storage::RocksDatabase& database) {
  rocksdb::ColumnFamilyHandle* family = database.family(ColumnFamily::kProjections);
  const std::string prefix = storage::keys::ProjectionProgressKey("");
  std::unique_ptr<rocksdb::Iterator> it(database.db()->NewIterator(rocksdb::ReadOptions(), family));
  std::vector<std::string> marked;
  rocksdb::WriteBatch batch;
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    batch.Put(family, it->key(), "c" + storage::keys::EncodeUint64(kForeignFormatVersion));
    marked.push_back(it->key().ToString().substr(prefix.size()));
  }
  rocksdb::WriteOptions synced;
  synced.sync = true;
  const rocksdb::Status status = database.db()->Write(synced, &batch);
  if (!status.ok()) {
    std::cerr << "torg_bench_store: " << status.ToString() << "\n";
    return 1;
  }
  std::cout << absl::StrFormat(R"({"events": %d, "projections_marked": ["%s"]})"
                               "\n",
                               LastPosition(database), absl::StrJoin(marked, "\", \""));
  return marked.empty() ? 1 : 0;
}

}  // namespace
}  // namespace torg::bench

int main(int argc, char** argv) {
  CLI::App app{"Compaction and rebuild marking on a closed Torg data directory."};
  app.require_subcommand(1);
  std::string directory;
  CLI::App* compact = app.add_subcommand("compact", "compact fully; print bytes per event");
  compact->add_option("--dir", directory, "the data directory")->required();
  CLI::App* mark =
      app.add_subcommand("mark-rebuild", "make the next start rebuild every projection");
  mark->add_option("--dir", directory, "the data directory")->required();
  CLI11_PARSE(app, argc, argv);
  auto database = torg::storage::RocksDatabase::Open(directory);
  if (!database.ok()) {
    std::cerr << "torg_bench_store: " << database.status() << "\n";
    return 1;
  }
  if (compact->parsed()) return torg::bench::Compact(**database);
  return torg::bench::MarkRebuild(**database);
}
