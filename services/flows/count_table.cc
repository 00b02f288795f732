#include "services/flows/count_table.h"

#include <utility>

#include "services/common/status_macros.h"

namespace torg::flows {

size_t CountTable::Add(v1::Count& count) {
  cells_.push_back(&count);
  table_.counts.push_back(count.value());
  return cells_.size() - 1;
}

GenderCells CountTable::AddGenderCounts(v1::GenderCounts& counts) {
  const GenderCells cells = {Add(*counts.mutable_women()), Add(*counts.mutable_men()),
                             Add(*counts.mutable_other()), Add(*counts.mutable_total())};
  Relate(cells[3], {cells[0], cells[1], cells[2]});
  return cells;
}

size_t CountTable::AddUnshown(int64_t value) {
  unshown_.emplace_back().set_value(value);
  return Add(unshown_.back());
}

GenderCells CountTable::AddUnshownGenderCounts(const v1::GenderCounts& counts) {
  const GenderCells cells = {AddUnshown(counts.women().value()), AddUnshown(counts.men().value()),
                             AddUnshown(counts.other().value()),
                             AddUnshown(counts.total().value())};
  Relate(cells[3], {cells[0], cells[1], cells[2]});
  return cells;
}

void CountTable::HideAlways(size_t cell) { always_primary_.push_back(cell); }

void CountTable::Relate(size_t total, std::vector<size_t> parts) {
  if (parts.empty()) return;
  table_.relations.push_back({total, std::move(parts)});
}

void CountTable::RelateGenderCounts(const GenderCells& total,
                                    const std::vector<GenderCells>& parts) {
  for (size_t component = 0; component < total.size(); ++component) {
    std::vector<size_t> components;
    for (const GenderCells& part : parts) components.push_back(part[component]);
    Relate(total[component], std::move(components));
  }
}

absl::Status CountTable::Suppress(int64_t k) {
  TORG_ASSIGN_OR_RETURN(disclosure::SuppressionResult result,
                        disclosure::SuppressSmallCells(table_, k, always_primary_));
  for (size_t i = 0; i < cells_.size(); ++i) {
    if (!result.suppressed[i]) continue;
    cells_[i]->set_value(0);
    cells_[i]->set_suppressed(true);
  }
  return absl::OkStatus();
}

}  // namespace torg::flows
