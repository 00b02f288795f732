// torg_bench_rocks: the storage ceiling of the benchmarks. N threads each
// write one key of P bytes at a time with WriteOptions::sync, so RocksDB
// group-commits the writers waiting together into one WAL write and one
// fsync, as torgd's writer thread does with its appends. Prints throughput
// and latency as JSON.

#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "tests/bench/closed_loop.h"

namespace torg::bench {
namespace {

std::string BigEndianKey(uint64_t thread, uint64_t sequence) {
  const uint64_t value = (thread << 40) | sequence;
  std::string key(8, '\0');
  for (int i = 0; i < 8; ++i) key[i] = static_cast<char>(value >> (56 - 8 * i));
  return key;
}

int Run(const std::string& directory, int threads, int value_bytes, double seconds) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.error_if_exists = true;
  rocksdb::DB* raw = nullptr;
  const rocksdb::Status opened = rocksdb::DB::Open(options, directory, &raw);
  if (!opened.ok()) {
    std::cerr << "torg_bench_rocks: " << opened.ToString() << "\n";
    return 1;
  }
  const std::unique_ptr<rocksdb::DB> db(raw);
  // Incompressible values, as sealed case data is.
  std::mt19937_64 random(42);
  std::string value(static_cast<size_t>(value_bytes), '\0');
  for (char& c : value) c = static_cast<char>(random());
  rocksdb::WriteOptions synced;
  synced.sync = true;
  std::vector<uint64_t> sequences(static_cast<size_t>(threads), 0);
  return RunClosedLoop(ClosedLoop{threads, seconds, value_bytes, "writes"}, [&](int thread) {
    const uint64_t sequence = sequences[static_cast<size_t>(thread)]++;
    return db->Put(synced, BigEndianKey(static_cast<uint64_t>(thread), sequence), value).ok();
  });
}

}  // namespace
}  // namespace torg::bench

int main(int argc, char** argv) {
  CLI::App app{"The storage ceiling: synced, group-committed RocksDB writes from N threads."};
  std::string directory;
  int threads = 64;
  int value_bytes = 300;
  double seconds = 10;
  app.add_option("--dir", directory, "a new directory for the database")->required();
  app.add_option("--threads", threads, "writers at once")->capture_default_str();
  app.add_option("--value-bytes", value_bytes, "bytes of each value")->capture_default_str();
  app.add_option("--seconds", seconds, "how long to write")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  return torg::bench::Run(directory, threads, value_bytes, seconds);
}
