#include "services/sealing/key_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/sealing/secret_key.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace torg::sealing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::torg::testing::StatusIs;
using ::torg::testing::TempDir;

mode_t ModeOf(const std::string& path) {
  struct stat status;
  EXPECT_EQ(::stat(path.c_str(), &status), 0) << path;
  return status.st_mode & 07777;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void WriteFile(const std::string& path, const std::string& bytes, mode_t mode) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  ASSERT_EQ(::chmod(path.c_str(), mode), 0) << path;
}

std::vector<std::string> Entries(const std::string& directory) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    names.push_back(entry.path().filename().string());
  }
  return names;
}

// Raw bytes and their hex, for checking that messages never carry a key.
auto HasNoTraceOf(absl::string_view key_bytes) {
  return AllOf(Not(HasSubstr(std::string(key_bytes))),
               Not(HasSubstr(absl::BytesToHexString(key_bytes))));
}

TEST(KeyFileTest, CreatesAMissingKeyWithMode0600InA0700Directory) {
  TempDir dir;
  const std::string keys = dir.Sub("data/keys");
  const std::string path = keys + "/master.key";
  ASSERT_OK_AND_ASSIGN(SecretKey key, LoadOrCreateKeyFile(path));
  EXPECT_EQ(ModeOf(path), 0600);
  EXPECT_EQ(ModeOf(keys), 0700);
  EXPECT_EQ(ModeOf(dir.Sub("data")), 0700);
  const std::string on_disk = ReadFile(path);
  EXPECT_EQ(on_disk.size(), 32u);
  EXPECT_TRUE(on_disk == key.bytes());
  EXPECT_THAT(Entries(keys), ::testing::ElementsAre("master.key")) << "no temporary file is left";
}

TEST(KeyFileTest, SecondCallLoadsTheSameKey) {
  TempDir dir;
  const std::string path = dir.Sub("lookup.key");
  ASSERT_OK_AND_ASSIGN(SecretKey first, LoadOrCreateKeyFile(path));
  ASSERT_OK_AND_ASSIGN(SecretKey second, LoadOrCreateKeyFile(path));
  ASSERT_OK_AND_ASSIGN(SecretKey loaded, LoadKeyFile(path));
  EXPECT_TRUE(first.bytes() == second.bytes());
  EXPECT_TRUE(first.bytes() == loaded.bytes());
}

TEST(KeyFileTest, DifferentFilesGetDifferentKeys) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(SecretKey master, LoadOrCreateKeyFile(dir.Sub("master.key")));
  ASSERT_OK_AND_ASSIGN(SecretKey lookup, LoadOrCreateKeyFile(dir.Sub("lookup.key")));
  EXPECT_FALSE(master.bytes() == lookup.bytes());
}

TEST(KeyFileTest, ConcurrentCreatorsAllGetTheOneKeyOnDisk) {
  TempDir dir;
  const std::string path = dir.Sub("master.key");
  constexpr int kThreads = 8;
  std::vector<std::string> seen(kThreads);
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&path, &seen, i] {
      absl::StatusOr<SecretKey> key = LoadOrCreateKeyFile(path);
      seen[i] = key.ok() ? std::string(key->bytes()) : key.status().ToString();
    });
  }
  for (std::thread& thread : threads) thread.join();
  const std::string on_disk = ReadFile(path);
  ASSERT_EQ(on_disk.size(), 32u);
  for (const std::string& key : seen) EXPECT_TRUE(key == on_disk);
  EXPECT_THAT(Entries(dir.path()), ::testing::ElementsAre("master.key"));
}

TEST(KeyFileTest, RefusesAFileOthersCanAccessNamingThePathAndTheFix) {
  TempDir dir;
  const std::string path = dir.Sub("master.key");
  const std::string key_bytes(32, '\x42');
  for (mode_t mode : {0644, 0640, 0604, 0660, 0620, 0602, 0610, 0601, 0666}) {
    SCOPED_TRACE(mode);
    WriteFile(path, key_bytes, mode);
    for (const auto& status : {LoadKeyFile(path).status(), LoadOrCreateKeyFile(path).status()}) {
      EXPECT_THAT(status, StatusIs(absl::StatusCode::kFailedPrecondition,
                                   AllOf(HasSubstr(path), HasSubstr("chmod 600"))));
    }
    EXPECT_EQ(ModeOf(path), mode) << "the file is left as found";
    EXPECT_EQ(ReadFile(path), key_bytes);
  }
}

TEST(KeyFileTest, AcceptsOwnerReadOnly) {
  TempDir dir;
  const std::string path = dir.Sub("master.key");
  const std::string key_bytes(32, '\x42');
  WriteFile(path, key_bytes, 0400);
  ASSERT_OK_AND_ASSIGN(SecretKey key, LoadKeyFile(path));
  EXPECT_TRUE(key.bytes() == key_bytes);
}

TEST(KeyFileTest, WrongSizeIsDataLossAndIsNeverReplaced) {
  TempDir dir;
  const std::string path = dir.Sub("master.key");
  for (size_t size : {31, 0, 33, 64}) {
    SCOPED_TRACE(size);
    const std::string contents(size, '\x42');
    WriteFile(path, contents, 0600);
    EXPECT_THAT(LoadKeyFile(path),
                StatusIs(absl::StatusCode::kDataLoss,
                         AllOf(HasSubstr(path), HasSubstr(std::to_string(size) + " bytes"))));
    // A damaged master key must never be silently swapped for a new one:
    // everything sealed under the old one would be lost.
    EXPECT_THAT(LoadOrCreateKeyFile(path), StatusIs(absl::StatusCode::kDataLoss));
    EXPECT_EQ(ReadFile(path), contents);
  }
}

TEST(KeyFileTest, LoadKeyFileNeverCreates) {
  TempDir dir;
  const std::string path = dir.Sub("keys/master.key");
  EXPECT_THAT(LoadKeyFile(path), StatusIs(absl::StatusCode::kNotFound, HasSubstr(path)));
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("keys")));
}

TEST(KeyFileTest, RefusesADirectory) {
  TempDir dir;
  const std::string path = dir.Sub("master.key");
  ASSERT_TRUE(std::filesystem::create_directory(path));
  ASSERT_EQ(::chmod(path.c_str(), 0700), 0);
  EXPECT_THAT(LoadOrCreateKeyFile(path),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("not a regular file")));
}

TEST(KeyFileTest, FollowsASymlinkToAGoodKeyFile) {
  TempDir dir;
  const std::string target = dir.Sub("real.key");
  const std::string key_bytes(32, '\x07');
  WriteFile(target, key_bytes, 0600);
  const std::string path = dir.Sub("master.key");
  ASSERT_EQ(::symlink(target.c_str(), path.c_str()), 0);
  ASSERT_OK_AND_ASSIGN(SecretKey key, LoadOrCreateKeyFile(path));
  EXPECT_TRUE(key.bytes() == key_bytes);
}

TEST(KeyFileTest, DoesNotCreateThroughADanglingSymlink) {
  TempDir dir;
  const std::string target = dir.Sub("elsewhere.key");
  const std::string path = dir.Sub("master.key");
  ASSERT_EQ(::symlink(target.c_str(), path.c_str()), 0);
  EXPECT_THAT(LoadOrCreateKeyFile(path),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("symlink")));
  EXPECT_FALSE(std::filesystem::exists(target));
  EXPECT_TRUE(std::filesystem::is_symlink(path));
}

TEST(KeyFileTest, ErrorMessagesNeverContainKeyBytes) {
  TempDir dir;
  const std::string path = dir.Sub("master.key");
  const std::string key_bytes =
      absl::HexStringToBytes("8f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0");
  WriteFile(path, key_bytes, 0644);
  absl::Status exposed = LoadKeyFile(path).status();
  WriteFile(path, key_bytes + "\n", 0600);
  absl::Status too_long = LoadKeyFile(path).status();
  WriteFile(path, key_bytes.substr(0, 31), 0600);
  absl::Status too_short = LoadOrCreateKeyFile(path).status();
  for (const absl::Status& status : {exposed, too_long, too_short}) {
    ASSERT_FALSE(status.ok());
    EXPECT_THAT(std::string(status.message()), HasNoTraceOf(key_bytes));
    EXPECT_THAT(std::string(status.message()), HasNoTraceOf(key_bytes.substr(0, 31)));
  }
}

}  // namespace
}  // namespace torg::sealing
