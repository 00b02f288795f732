#include "services/disclosure/suppression.h"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/status_macros.h"
#include "services/disclosure/linear_recovery.h"

namespace torg::disclosure {
namespace {

constexpr std::size_t kSuppressionNone = std::numeric_limits<std::size_t>::max();

std::string SuppressionInt128Text(absl::int128 v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

// A published cell that could be hidden as a complement, ordered so that the
// best one is the smallest: non-zero before zero, then the smaller count, then
// a part before a total, then the lower cell index.
struct ComplementCandidate {
  bool zero = false;
  int64_t count = 0;
  bool is_total = false;
  std::size_t cell = 0;

  bool operator<(const ComplementCandidate& other) const {
    return std::tie(zero, count, is_total, cell) <
           std::tie(other.zero, other.count, other.is_total, other.cell);
  }
};

// The state of one SuppressSmallCells call.
class Suppressor {
 public:
  Suppressor(const SuppressionTable& table, SuppressionResult& result)
      : table_(table), result_(result), relations_of_(table.counts.size()) {
    for (std::size_t r = 0; r < table.relations.size(); ++r) {
      relations_of_[table.relations[r].total].push_back(r);
      for (std::size_t part : table.relations[r].parts) relations_of_[part].push_back(r);
    }
  }

  void Hide(std::size_t cell, CellDisclosure why) {
    result_.disclosure[cell] = why;
    result_.suppressed[cell] = true;
  }

  // Step 1: while some relation hides exactly one of its cells, hide its best
  // complement. Relations are served in index order.
  void ComplementLoneCells() {
    for (bool changed = true; changed;) {
      changed = false;
      for (std::size_t r = 0; r < table_.relations.size(); ++r) {
        if (HiddenIn(r) != 1) continue;
        std::optional<ComplementCandidate> best;
        ConsiderRelation(r, best);
        if (best.has_value()) {  // Always: the relation has two or more cells.
          Hide(best->cell, CellDisclosure::kSecondary);
          changed = true;
        }
      }
    }
  }

  // Step 2: the exact check, and one complement for each derivable cell
  // whose relations got none yet in this round. False when nothing was added
  // (every hidden cell is protected, or derivable from the relations alone).
  absl::StatusOr<bool> ComplementDerivableCells() {
    TORG_ASSIGN_OR_RETURN(std::vector<bool> derivable,
                          FindDerivableCells(table_, result_.suppressed));
    std::vector<bool> served(table_.relations.size(), false);
    bool added = false;
    for (std::size_t cell = 0; cell < derivable.size(); ++cell) {
      if (!derivable[cell]) continue;
      bool already_served = false;
      for (std::size_t r : relations_of_[cell]) already_served = already_served || served[r];
      if (already_served) continue;
      if (table_.counts[cell] == 0) {
        // Only a zero can follow from the relations alone; nothing hides it.
        TORG_ASSIGN_OR_RETURN(bool structural, FollowsFromRelationsAlone(cell));
        if (structural) continue;
      }
      std::optional<ComplementCandidate> best;
      for (std::size_t r : relations_of_[cell]) ConsiderRelation(r, best);
      if (!best.has_value()) {
        for (std::size_t r : RelationsOfHiddenGroup(cell)) ConsiderRelation(r, best);
      }
      if (!best.has_value()) continue;  // Not reached: the cell would be structural.
      Hide(best->cell, CellDisclosure::kSecondary);
      for (std::size_t r : relations_of_[best->cell]) served[r] = true;
      added = true;
    }
    return added;
  }

 private:
  std::size_t HiddenIn(std::size_t r) const {
    const SuppressionRelation& relation = table_.relations[r];
    std::size_t hidden = result_.suppressed[relation.total] ? 1 : 0;
    for (std::size_t part : relation.parts) hidden += result_.suppressed[part] ? 1 : 0;
    return hidden;
  }

  // Lowers `best` to relation r's best published cell, if that is better.
  void ConsiderRelation(std::size_t r, std::optional<ComplementCandidate>& best) const {
    const SuppressionRelation& relation = table_.relations[r];
    auto consider = [&](std::size_t cell, bool is_total) {
      if (result_.suppressed[cell]) return;
      const ComplementCandidate candidate{table_.counts[cell] == 0, table_.counts[cell], is_total,
                                          cell};
      if (!best.has_value() || candidate < *best) best = candidate;
    };
    consider(relation.total, true);
    for (std::size_t part : relation.parts) consider(part, false);
  }

  // The relations that contain a hidden cell connected to `cell` through
  // relations (two hidden cells are connected if a relation contains both),
  // in ascending order.
  std::vector<std::size_t> RelationsOfHiddenGroup(std::size_t cell) const {
    std::vector<bool> seen_cell(table_.counts.size(), false);
    std::vector<bool> seen_relation(table_.relations.size(), false);
    std::vector<std::size_t> stack = {cell};
    seen_cell[cell] = true;
    while (!stack.empty()) {
      const std::size_t current = stack.back();
      stack.pop_back();
      for (std::size_t r : relations_of_[current]) {
        if (seen_relation[r]) continue;
        seen_relation[r] = true;
        auto visit = [&](std::size_t other) {
          if (!result_.suppressed[other] || seen_cell[other]) return;
          seen_cell[other] = true;
          stack.push_back(other);
        };
        visit(table_.relations[r].total);
        for (std::size_t part : table_.relations[r].parts) visit(part);
      }
    }
    std::vector<std::size_t> relations;
    for (std::size_t r = 0; r < seen_relation.size(); ++r) {
      if (seen_relation[r]) relations.push_back(r);
    }
    return relations;
  }

  // Whether `cell` is derivable even with every cell hidden, i.e. from the
  // relations alone. Computed once, when first needed.
  absl::StatusOr<bool> FollowsFromRelationsAlone(std::size_t cell) {
    if (!structural_.has_value()) {
      TORG_ASSIGN_OR_RETURN(
          structural_, FindDerivableCells(table_, std::vector<bool>(table_.counts.size(), true)));
    }
    return (*structural_)[cell];
  }

  const SuppressionTable& table_;
  SuppressionResult& result_;
  // For each cell, the relations it takes part in, ascending.
  std::vector<std::vector<std::size_t>> relations_of_;
  std::optional<std::vector<bool>> structural_;
};

}  // namespace

absl::Status ValidateSuppressionTable(const SuppressionTable& table) {
  const std::size_t cells = table.counts.size();
  for (std::size_t i = 0; i < cells; ++i) {
    if (table.counts[i] < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("cell ", i, " has negative count ", table.counts[i]));
    }
  }
  // seen_in[cell] is the last relation that listed the cell as a part.
  std::vector<std::size_t> seen_in(cells, kSuppressionNone);
  for (std::size_t r = 0; r < table.relations.size(); ++r) {
    const SuppressionRelation& relation = table.relations[r];
    if (relation.total >= cells) {
      return absl::InvalidArgumentError(
          absl::StrCat("relation ", r, ": total cell ", relation.total,
                       " is out of range (the table has ", cells, " cells)"));
    }
    if (relation.parts.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("relation ", r, " has no parts"));
    }
    absl::int128 sum = 0;
    for (std::size_t part : relation.parts) {
      if (part >= cells) {
        return absl::InvalidArgumentError(absl::StrCat("relation ", r, ": part cell ", part,
                                                       " is out of range (the table has ", cells,
                                                       " cells)"));
      }
      if (part == relation.total) {
        return absl::InvalidArgumentError(
            absl::StrCat("relation ", r, ": total cell ", part, " is also one of its parts"));
      }
      if (seen_in[part] == r) {
        return absl::InvalidArgumentError(
            absl::StrCat("relation ", r, " lists part cell ", part, " twice"));
      }
      seen_in[part] = r;
      sum += table.counts[part];
    }
    if (sum != table.counts[relation.total]) {
      return absl::InvalidArgumentError(absl::StrCat(
          "relation ", r, " does not add up: total cell ", relation.total, " has count ",
          table.counts[relation.total], " but its parts (cells ",
          absl::StrJoin(relation.parts, ", "), ") sum to ", SuppressionInt128Text(sum)));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<SuppressionResult> SuppressSmallCells(
    const SuppressionTable& table, int64_t k, const std::vector<std::size_t>& always_primary) {
  if (k < 1) {
    return absl::InvalidArgumentError(absl::StrCat("k must be at least 1, got ", k));
  }
  TORG_RETURN_IF_ERROR(ValidateSuppressionTable(table));
  const std::size_t cells = table.counts.size();
  SuppressionResult result;
  result.disclosure.assign(cells, CellDisclosure::kPublished);
  result.suppressed.assign(cells, false);

  std::vector<bool> marked_primary(cells, false);
  for (std::size_t cell : always_primary) {
    if (cell >= cells) {
      return absl::InvalidArgumentError(absl::StrCat(
          "always_primary cell ", cell, " is out of range (the table has ", cells, " cells)"));
    }
    marked_primary[cell] = true;
  }
  Suppressor suppressor(table, result);
  bool any_primary = false;
  for (std::size_t i = 0; i < cells; ++i) {
    const bool marked = k > 1 && marked_primary[i];
    if ((table.counts[i] >= 1 && table.counts[i] <= k - 1) || marked) {
      suppressor.Hide(i, CellDisclosure::kPrimary);
      any_primary = true;
    }
  }
  if (!any_primary) return result;

  while (true) {
    suppressor.ComplementLoneCells();
    TORG_ASSIGN_OR_RETURN(bool added, suppressor.ComplementDerivableCells());
    if (!added) break;
  }
  return result;
}

}  // namespace torg::disclosure
