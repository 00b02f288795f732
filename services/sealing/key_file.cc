#include "services/sealing/key_file.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstddef>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/status_macros.h"

namespace torg::sealing {
namespace {

// Closes the descriptor on every return path.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  // Closes now, so that a failing close (which can report a lost write) is seen.
  int Close() {
    const int result = ::close(fd_);
    fd_ = -1;
    return result;
  }

 private:
  int fd_;
};

// Removes the temporary file unless it was never created; after a successful
// link the key lives on under its real name, so the temporary name must go.
class UnlinkOnExit {
 public:
  explicit UnlinkOnExit(std::string path) : path_(std::move(path)) {}
  ~UnlinkOnExit() { ::unlink(path_.c_str()); }
  UnlinkOnExit(const UnlinkOnExit&) = delete;
  UnlinkOnExit& operator=(const UnlinkOnExit&) = delete;

 private:
  std::string path_;
};

absl::Status SystemError(int error, absl::string_view what, const std::string& path) {
  return absl::ErrnoToStatus(error, absl::StrCat("sealing: cannot ", what, " ", path));
}

std::string ParentDirectory(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// Makes a rename, link or mkdir inside `directory` survive a crash.
absl::Status SyncDirectory(const std::string& directory) {
  FileDescriptor fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) return SystemError(errno, "open directory", directory);
  if (::fsync(fd.get()) != 0) return SystemError(errno, "fsync directory", directory);
  return absl::OkStatus();
}

// mkdir -p with mode 0700 for each directory it creates.
absl::Status CreateDirectories(const std::string& directory) {
  if (::mkdir(directory.c_str(), 0700) == 0) return SyncDirectory(ParentDirectory(directory));
  if (errno == EEXIST) return absl::OkStatus();
  if (errno != ENOENT) return SystemError(errno, "create key directory", directory);
  const std::string parent = ParentDirectory(directory);
  if (parent == directory) return SystemError(ENOENT, "create key directory", directory);
  TORG_RETURN_IF_ERROR(CreateDirectories(parent));
  if (::mkdir(directory.c_str(), 0700) != 0 && errno != EEXIST) {
    return SystemError(errno, "create key directory", directory);
  }
  return SyncDirectory(parent);
}

absl::Status WriteAll(int fd, absl::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return SystemError(errno, "write", path);
    }
    bytes.remove_prefix(static_cast<size_t>(written));
  }
  return absl::OkStatus();
}

// Writes a fresh key to `path` unless a file is there already. OK in both
// cases: the caller reads back whichever key won.
absl::Status CreateKeyFile(const std::string& path) {
  const std::string directory = ParentDirectory(path);
  TORG_RETURN_IF_ERROR(CreateDirectories(directory));
  TORG_ASSIGN_OR_RETURN(const SecretKey key, SecretKey::Generate());

  std::array<unsigned char, 8> suffix;
  if (RAND_bytes(suffix.data(), static_cast<int>(suffix.size())) != 1) {
    return absl::InternalError("sealing: the random number generator failed");
  }
  const std::string temp_path =
      absl::StrCat(path, ".tmp-",
                   absl::BytesToHexString(absl::string_view(
                       reinterpret_cast<const char*>(suffix.data()), suffix.size())));
  FileDescriptor fd(
      ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!fd.valid()) return SystemError(errno, "create temporary key file", temp_path);
  const UnlinkOnExit remove_temp(temp_path);
  // The umask may have narrowed the mode; make it exactly what we promise.
  if (::fchmod(fd.get(), 0600) != 0) return SystemError(errno, "chmod", temp_path);
  TORG_RETURN_IF_ERROR(WriteAll(fd.get(), key.bytes(), temp_path));
  if (::fsync(fd.get()) != 0) return SystemError(errno, "fsync", temp_path);
  if (fd.Close() != 0) return SystemError(errno, "close", temp_path);

  if (::link(temp_path.c_str(), path.c_str()) != 0 && errno != EEXIST) {
    return SystemError(errno, "create key file", path);
  }
  return SyncDirectory(directory);
}

}  // namespace

absl::StatusOr<SecretKey> LoadKeyFile(const std::string& path) {
  // O_NONBLOCK so that a FIFO planted at `path` cannot hang startup; it has no
  // effect on reading a regular file.
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (!fd.valid()) {
    if (errno == ENOENT) {
      return absl::NotFoundError(absl::StrCat("sealing: no key file at ", path));
    }
    return SystemError(errno, "open key file", path);
  }
  struct stat status;
  if (::fstat(fd.get(), &status) != 0) return SystemError(errno, "stat key file", path);
  if (!S_ISREG(status.st_mode)) {
    return absl::FailedPreconditionError(
        absl::StrCat("sealing: key file ", path, " is not a regular file"));
  }
  if ((status.st_mode & 077) != 0) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "sealing: key file %s is accessible to group or others (mode %04o); only its owner may "
        "read it: run `chmod 600 %s`, and replace the key if others may have read it",
        path, status.st_mode & 07777, path));
  }
  const absl::Status wrong_size = absl::DataLossError(
      absl::StrCat("sealing: key file ", path, " holds ", status.st_size, " bytes, not ",
                   SecretKey::kSize, ": it is damaged or not a Torg key; restore it from backup"));
  if (status.st_size != static_cast<off_t>(SecretKey::kSize)) return wrong_size;

  // One byte of room past the key, to notice a file that grew since fstat.
  std::array<char, SecretKey::kSize + 1> buffer;
  size_t total = 0;
  while (total < buffer.size()) {
    const ssize_t got = ::read(fd.get(), buffer.data() + total, buffer.size() - total);
    if (got < 0) {
      if (errno == EINTR) continue;
      OPENSSL_cleanse(buffer.data(), buffer.size());
      return SystemError(errno, "read key file", path);
    }
    if (got == 0) break;
    total += static_cast<size_t>(got);
  }
  absl::StatusOr<SecretKey> key = wrong_size;
  if (total == SecretKey::kSize)
    key = SecretKey::FromBytes(absl::string_view(buffer.data(), total));
  OPENSSL_cleanse(buffer.data(), buffer.size());
  return key;
}

absl::StatusOr<SecretKey> LoadOrCreateKeyFile(const std::string& path) {
  absl::StatusOr<SecretKey> existing = LoadKeyFile(path);
  if (!absl::IsNotFound(existing.status())) return existing;
  struct stat link_status;
  if (::lstat(path.c_str(), &link_status) == 0) {
    // Another creator may have linked the file in since the load above: then
    // its key is the one to use. Only a link that still leads nowhere is
    // dangling.
    existing = LoadKeyFile(path);
    if (!absl::IsNotFound(existing.status())) return existing;
    return absl::FailedPreconditionError(absl::StrCat(
        "sealing: key file ", path,
        " is a symlink to a missing file; restore the file it points to or remove the link"));
  }
  TORG_RETURN_IF_ERROR(CreateKeyFile(path));
  // Read back rather than return the generated key: if another process
  // created the file first, its key is the one on disk and the one to use.
  return LoadKeyFile(path);
}

}  // namespace torg::sealing
