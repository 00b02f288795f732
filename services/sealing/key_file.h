#ifndef TORG_SERVICES_SEALING_KEY_FILE_H_
#define TORG_SERVICES_SEALING_KEY_FILE_H_

// Key files: the master key (`master.key`) and the lookup secret
// (`lookup.key`) each live in a file of exactly SecretKey::kSize raw bytes,
// readable by the owner only. Losing the master key file loses every
// participant's personal data, so it must be backed up apart from the data.

#include <string>

#include "absl/status/statusor.h"
#include "services/sealing/secret_key.h"

namespace torg::sealing {

// Reads the key at `path` and never creates one. Symlinks are followed (a
// mounted secret is often one); the checks apply to the file they lead to.
//   NOT_FOUND           no file at `path`;
//   FAILED_PRECONDITION the file is group- or world-accessible (the message
//                       names the path and `chmod 600`), or is not a regular
//                       file;
//   DATA_LOSS           the file is not exactly SecretKey::kSize bytes;
//   other codes         from the failing system call (e.g. PERMISSION_DENIED).
// Messages name the path; they never contain key bytes.
absl::StatusOr<SecretKey> LoadKeyFile(const std::string& path);

// As LoadKeyFile, but if nothing is at `path` creates a new random key there
// first, with mode 0600, creating missing parent directories with mode 0700.
// Creation is atomic and durable: the key is written to a temporary file in
// the same directory (O_EXCL, O_NOFOLLOW), fsynced, linked into place (which,
// unlike rename, never replaces a file that appeared meanwhile) and the
// directory fsynced. So a crash leaves either no key file or a complete one,
// and processes racing to create the same file all end up with the one key
// that won. FAILED_PRECONDITION if `path` is a dangling symlink: creating
// its target is not this function's call to make.
absl::StatusOr<SecretKey> LoadOrCreateKeyFile(const std::string& path);

}  // namespace torg::sealing

#endif  // TORG_SERVICES_SEALING_KEY_FILE_H_
