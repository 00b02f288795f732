#ifndef TORG_SERVICES_FOLLOWUP_SUS_LEDGER_READER_H_
#define TORG_SERVICES_FOLLOWUP_SUS_LEDGER_READER_H_

// Reads the SUS ledger (sus_ledger_projection.h) as of a log position.

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/event_store.h"
#include "torg/v1/sus_ledger_records.pb.h"

namespace torg::followup {

// Every stay on `platform_id` as it stood at `as_of_position`: for each
// stay, the latest version at or before the position; stays that began
// later are absent. In stay-id order. DATA_LOSS for a record that does not
// decode; the store's errors.
absl::StatusOr<std::vector<v1::SusStayVersion>> ReadSusStays(storage::EventStore& store,
                                                             absl::string_view platform_id,
                                                             uint64_t as_of_position);

}  // namespace torg::followup

#endif  // TORG_SERVICES_FOLLOWUP_SUS_LEDGER_READER_H_
