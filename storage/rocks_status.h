#ifndef TORG_STORAGE_ROCKS_STATUS_H_
#define TORG_STORAGE_ROCKS_STATUS_H_

// The one place where rocksdb::Status becomes absl::Status.

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rocksdb/status.h"

namespace torg::storage {

// Maps RocksDB's outcome to the canonical code a caller can act on:
//   out of space            -> RESOURCE_EXHAUSTED (free disk, then retry)
//   other I/O errors        -> UNAVAILABLE (the disk refused; retry later)
//   busy / try again / lock -> UNAVAILABLE
//   corruption              -> DATA_LOSS
//   not found               -> NOT_FOUND
//   invalid argument        -> INVALID_ARGUMENT
//   anything else           -> INTERNAL
// `context` says what was being done, e.g. "writing a batch".
absl::Status FromRocks(const rocksdb::Status& status, absl::string_view context);

}  // namespace torg::storage

#endif  // TORG_STORAGE_ROCKS_STATUS_H_
