#include "storage/rocks_status.h"

#include "absl/strings/str_cat.h"

namespace torg::storage {

absl::Status FromRocks(const rocksdb::Status& status, absl::string_view context) {
  if (status.ok()) return absl::OkStatus();
  std::string message = absl::StrCat("storage: ", context, ": ", status.ToString());
  if (status.IsNoSpace()) return absl::ResourceExhaustedError(message);
  if (status.IsIOError()) return absl::UnavailableError(message);
  if (status.IsBusy() || status.IsTryAgain() || status.IsTimedOut() || status.IsIncomplete()) {
    return absl::UnavailableError(message);
  }
  if (status.IsCorruption()) return absl::DataLossError(message);
  if (status.IsNotFound()) return absl::NotFoundError(message);
  if (status.IsInvalidArgument()) return absl::InvalidArgumentError(message);
  if (status.IsNotSupported()) return absl::UnimplementedError(message);
  return absl::InternalError(message);
}

}  // namespace torg::storage
