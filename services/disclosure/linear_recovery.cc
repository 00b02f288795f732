#include "services/disclosure/linear_recovery.h"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <utility>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"

namespace torg::disclosure {
namespace {

constexpr std::size_t kRecoveryNone = std::numeric_limits<std::size_t>::max();

// Disjoint sets over cell indices, for grouping hidden cells that share a
// relation.
class RecoveryUnionFind {
 public:
  explicit RecoveryUnionFind(std::size_t size) : parent_(size) {
    std::iota(parent_.begin(), parent_.end(), std::size_t{0});
  }

  std::size_t Find(std::size_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }

  // Keeps the smaller root, so roots do not depend on the order of calls.
  void Union(std::size_t a, std::size_t b) {
    a = Find(a);
    b = Find(b);
    if (a == b) return;
    if (b < a) std::swap(a, b);
    parent_[b] = a;
  }

 private:
  std::vector<std::size_t> parent_;
};

absl::int128 RecoveryAbs(absl::int128 v) { return v < 0 ? -v : v; }

// Entries are kept in [-INT64_MAX, INT64_MAX], so this never overflows.
int64_t RecoveryMagnitude(int64_t v) { return v < 0 ? -v : v; }

absl::int128 RecoveryGcd(absl::int128 a, absl::int128 b) {
  a = RecoveryAbs(a);
  b = RecoveryAbs(b);
  while (b != 0) {
    absl::int128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

// row <- (pivot_value * row - row_value * pivot) / g, where g is the gcd of the
// result's entries, so that row's entry in the pivot's column becomes 0 and
// row stays primitive. Products are formed in 128 bits (an int64 times an
// int64 always fits). False if an entry of the result does not fit in 64 bits
// (the row is then left unspecified).
bool RecoveryEliminate(const std::vector<int64_t>& pivot, int64_t pivot_value, int64_t row_value,
                       std::vector<int64_t>& row, std::vector<absl::int128>& scratch) {
  absl::int128 g = 0;
  for (std::size_t c = 0; c < row.size(); ++c) {
    scratch[c] = absl::int128(pivot_value) * row[c] - absl::int128(row_value) * pivot[c];
    if (scratch[c] != 0 && g != 1) g = RecoveryGcd(g, scratch[c]);
  }
  // Entries stay in [-INT64_MAX, INT64_MAX] so that negating one never
  // overflows.
  const absl::int128 limit = std::numeric_limits<int64_t>::max();
  for (std::size_t c = 0; c < row.size(); ++c) {
    absl::int128 v = g > 1 ? scratch[c] / g : scratch[c];
    if (v > limit || v < -limit) return false;
    row[c] = static_cast<int64_t>(v);
  }
  return true;
}

// Brings `rows` (each of length `columns`) to reduced row echelon form and
// sets determined[c] for every column c whose pivot row has no other non-zero
// entry, i.e. whose unit vector lies in the row space.
absl::Status RecoveryReduce(std::vector<std::vector<int64_t>>& rows, std::size_t columns,
                            std::vector<bool>& determined) {
  std::vector<absl::int128> scratch(columns);
  std::vector<std::size_t> pivot_columns;
  std::size_t rank = 0;
  for (std::size_t col = 0; col < columns && rank < rows.size(); ++col) {
    // The smallest pivot in magnitude keeps coefficients small; the first
    // such row keeps the choice deterministic.
    std::size_t best = kRecoveryNone;
    for (std::size_t r = rank; r < rows.size(); ++r) {
      const int64_t v = rows[r][col];
      if (v == 0) continue;
      if (best == kRecoveryNone || RecoveryMagnitude(v) < RecoveryMagnitude(rows[best][col])) {
        best = r;
      }
    }
    if (best == kRecoveryNone) continue;
    std::swap(rows[rank], rows[best]);
    std::vector<int64_t>& pivot = rows[rank];
    if (pivot[col] < 0) {
      for (int64_t& v : pivot) v = -v;
    }
    for (std::size_t r = 0; r < rows.size(); ++r) {
      if (r == rank || rows[r][col] == 0) continue;
      if (!RecoveryEliminate(pivot, pivot[col], rows[r][col], rows[r], scratch)) {
        return absl::ResourceExhaustedError(
            absl::StrCat("exact check: elimination coefficients outgrew 64 bits in a group of ",
                         columns, " hidden cells and ", rows.size(), " relations"));
      }
    }
    pivot_columns.push_back(col);
    ++rank;
  }
  for (std::size_t i = 0; i < rank; ++i) {
    std::size_t non_zero = 0;
    for (int64_t v : rows[i]) non_zero += v != 0 ? 1 : 0;
    if (non_zero == 1) determined[pivot_columns[i]] = true;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<bool>> FindDerivableCells(const SuppressionTable& table,
                                                     const std::vector<bool>& suppressed) {
  TORG_RETURN_IF_ERROR(ValidateSuppressionTable(table));
  const std::size_t cells = table.counts.size();
  if (suppressed.size() != cells) {
    return absl::InvalidArgumentError(
        absl::StrCat("suppressed has ", suppressed.size(), " entries for ", cells, " cells"));
  }

  // Hidden cells that share a relation belong to one group.
  RecoveryUnionFind union_find(cells);
  std::vector<std::size_t> first_hidden(table.relations.size(), kRecoveryNone);
  for (std::size_t r = 0; r < table.relations.size(); ++r) {
    const SuppressionRelation& relation = table.relations[r];
    auto visit = [&](std::size_t cell) {
      if (!suppressed[cell]) return;
      if (first_hidden[r] == kRecoveryNone) {
        first_hidden[r] = cell;
      } else {
        union_find.Union(first_hidden[r], cell);
      }
    };
    visit(relation.total);
    for (std::size_t part : relation.parts) visit(part);
  }

  // Groups are numbered by their smallest cell; cells within a group keep
  // ascending order, which is their column order.
  std::vector<std::size_t> group_of_root(cells, kRecoveryNone);
  std::vector<std::size_t> column_of(cells, kRecoveryNone);
  std::vector<std::vector<std::size_t>> group_cells;
  for (std::size_t c = 0; c < cells; ++c) {
    if (!suppressed[c]) continue;
    const std::size_t root = union_find.Find(c);
    if (group_of_root[root] == kRecoveryNone) {
      group_of_root[root] = group_cells.size();
      group_cells.emplace_back();
    }
    std::vector<std::size_t>& members = group_cells[group_of_root[root]];
    column_of[c] = members.size();
    members.push_back(c);
  }
  std::vector<std::vector<std::size_t>> group_relations(group_cells.size());
  for (std::size_t r = 0; r < table.relations.size(); ++r) {
    if (first_hidden[r] == kRecoveryNone) continue;
    group_relations[group_of_root[union_find.Find(first_hidden[r])]].push_back(r);
  }

  std::vector<bool> derivable(cells, false);
  for (std::size_t g = 0; g < group_cells.size(); ++g) {
    if (group_relations[g].empty()) continue;  // Hidden cells in no relation.
    const std::vector<std::size_t>& members = group_cells[g];
    std::vector<std::vector<int64_t>> rows;
    rows.reserve(group_relations[g].size());
    for (std::size_t r : group_relations[g]) {
      const SuppressionRelation& relation = table.relations[r];
      std::vector<int64_t> row(members.size(), 0);
      if (suppressed[relation.total]) row[column_of[relation.total]] = 1;
      for (std::size_t part : relation.parts) {
        if (suppressed[part]) row[column_of[part]] = -1;
      }
      rows.push_back(std::move(row));
    }
    std::vector<bool> determined(members.size(), false);
    TORG_RETURN_IF_ERROR(RecoveryReduce(rows, members.size(), determined));
    for (std::size_t i = 0; i < members.size(); ++i) {
      if (determined[i]) derivable[members[i]] = true;
    }
  }
  return derivable;
}

}  // namespace torg::disclosure
