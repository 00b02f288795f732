#ifndef TORG_SERVICES_FLOWS_COUNT_TABLE_H_
#define TORG_SERVICES_FLOWS_COUNT_TABLE_H_

// The counts of one or more responses as the cells of one suppression table
// (disclosure::SuppressionTable), with the sums the definitions promise among
// them. Every response that is protected by small-cell suppression adds its
// counts here; a document made of several responses (the board report) adds
// all of them to one table, with the sums that tie the parts together, so
// that no hidden count can be worked out from another part of the document.

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

#include "absl/status/status.h"
#include "services/disclosure/suppression.h"
#include "torg/v1/flow_service.pb.h"

namespace torg::flows {

// The cells of a GenderCounts: women, men, other, total.
using GenderCells = std::array<size_t, 4>;

class CountTable {
 public:
  // Adds `count` as a cell and returns its index. `count` must outlive the
  // table; Suppress writes into it.
  size_t Add(v1::Count& count);

  // Adds the four counts of `counts`, with total = women + men + other.
  GenderCells AddGenderCounts(v1::GenderCounts& counts);

  // Adds a count no response shows but a reader can work out (active
  // minus flagged: the unflagged), so that it is protected as a shown one
  // is. The table owns it.
  size_t AddUnshown(int64_t value);

  // As AddGenderCounts, for four unshown counts.
  GenderCells AddUnshownGenderCounts(const v1::GenderCounts& counts);

  // The count of `cell` as added.
  int64_t CountOf(size_t cell) const { return table_.counts[cell]; }

  // Hides `cell` whatever its count, as a small one is hidden
  // (disclosure::SuppressSmallCells's always_primary).
  void HideAlways(size_t cell);

  // Adds the relation cells[total] = Σ cells[parts]. Nothing when `parts`
  // is empty.
  void Relate(size_t total, std::vector<size_t> parts);

  // total = Σ parts for each gender and for the total. Nothing when `parts`
  // is empty.
  void RelateGenderCounts(const GenderCells& total, const std::vector<GenderCells>& parts);

  // Hides, with disclosure::SuppressSmallCells, every count from 1 to k−1 and
  // enough others that none of them follows from the published counts and
  // the relations: a hidden count gets value 0 and suppressed = true. The
  // errors of SuppressSmallCells: INVALID_ARGUMENT when the counts do not
  // add up as related (then nothing is changed), RESOURCE_EXHAUSTED.
  absl::Status Suppress(int64_t k);

 private:
  std::vector<v1::Count*> cells_;
  std::deque<v1::Count> unshown_;
  disclosure::SuppressionTable table_;
  std::vector<size_t> always_primary_;
};

}  // namespace torg::flows

#endif  // TORG_SERVICES_FLOWS_COUNT_TABLE_H_
