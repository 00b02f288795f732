#ifndef TORG_STORAGE_PROJECTION_CATCH_UP_H_
#define TORG_STORAGE_PROJECTION_CATCH_UP_H_

// Brings projections registered after events were written up to the log, so
// that a read model added in a new version of Torg answers for the whole
// history, not only for what is appended after the upgrade; and rebuilds a
// projection whose format changed (Projection::format_version), so that its
// keys for old events are in the format the code now reads.
//
// Every projection has a progress record (keys::ProjectionProgressKey).
// Integers are keys::EncodeUint64 (8 bytes, big-endian); `version` is the
// projection's format_version() when the record was written (a uint32_t, so
// a larger value is corrupt):
//   "c" + version             the projection is current: every append
//                             applies it.
//   "r" + position + version  a rebuild has applied the log through
//                             `position`.
// Records written before versions existed are "c" and "r" + position; they
// mean version 1 (a bare "c" is not rewritten while the version stays 1).
// The length tells the forms apart (1, 9 or 17 bytes); any other record is
// corrupt.
//
// A projection without a record is new to this store when it has no key yet
// and the log is not empty: it is rebuilt from the first event. One with keys
// but no record was maintained before progress records existed, so it is
// current at version 1. A projection recorded at a version other than its
// format_version(), higher or lower, is discarded: every key under its
// prefix is deleted and its record set to "r" + 0 + the new version in one
// write, and it is rebuilt as a new one. Each rebuild step writes the
// projection's keys and the new record in one synced write, so a crash
// mid-rebuild (or right after the discard) resumes where it stopped, never
// applies an event twice and never mixes two formats.

#include <cstdint>

#include "absl/status/status.h"
#include "storage/append_stager.h"
#include "storage/rocks_database.h"

namespace torg::storage {

// Brings every projection in `projections` up to `last_position`, the
// newest event in `database`, applying at most `events_per_write` events per
// write. Runs while the store is being opened, before anything is appended.
// Rebuilds cost one Apply per event in the log, once per version change.
// Errors: a projection's own error, with the position of the event it
// refused added (the store must not open with a read model that is missing
// events); DATA_LOSS for a progress record or event that does not decode;
// UNAVAILABLE if the disk refused a write.
absl::Status CatchUpProjections(const RocksDatabase& database, const ProjectionsByName& projections,
                                uint64_t last_position, uint64_t events_per_write);

}  // namespace torg::storage

#endif  // TORG_STORAGE_PROJECTION_CATCH_UP_H_
