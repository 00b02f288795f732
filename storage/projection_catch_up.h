#ifndef TORG_STORAGE_PROJECTION_CATCH_UP_H_
#define TORG_STORAGE_PROJECTION_CATCH_UP_H_

// Brings projections registered after events were written up to the log, so
// that a read model added in a new version of Torg answers for the whole
// history, not only for what is appended after the upgrade.
//
// Every projection has a progress record (keys::ProjectionProgressKey):
//   "c"                the projection is current: every append applies it.
//   "r" + position     a rebuild has applied the log through `position`.
// A projection without a record is new to this store when it has no key yet
// and the log is not empty: it is rebuilt from the first event. One with keys
// but no record was maintained before progress records existed, so it is
// current. Each rebuild step writes the projection's keys and the new record
// in one synced write, so a crash mid-rebuild resumes where it stopped and
// never applies an event twice.

#include <cstdint>

#include "absl/status/status.h"
#include "storage/append_stager.h"
#include "storage/rocks_database.h"

namespace torg::storage {

// Brings every projection in `projections` up to `last_position`, the
// newest event in `database`, applying at most `events_per_write` events per
// write. Runs while the store is being opened, before anything is appended.
// Errors: a projection's own error, with the position of the event it
// refused added (the store must not open with a read model that is missing
// events); DATA_LOSS for a progress record or event that does not decode;
// UNAVAILABLE if the disk refused a write.
absl::Status CatchUpProjections(const RocksDatabase& database, const ProjectionsByName& projections,
                                uint64_t last_position, uint64_t events_per_write);

}  // namespace torg::storage

#endif  // TORG_STORAGE_PROJECTION_CATCH_UP_H_
