#ifndef TORG_SERVICES_DISCLOSURE_SUPPRESSION_H_
#define TORG_SERVICES_DISCLOSURE_SUPPRESSION_H_

// Statistical disclosure control for the aggregate reports steering groups
// and boards see: small-cell (primary) suppression followed by complementary
// (secondary) suppression, so that no hidden cell can be worked out exactly
// from the published cells and the table's sums.
//
// A report is a vector of non-negative counts ("cells") and a list of additive
// relations among them, each "total = sum of parts": a row of a gender split
// (kvinna + man + annat = row total), a column, a level of a hierarchy
// (sub-categories sum to their category, categories to the grand total). A
// cell may take part in any number of relations, as a part or as a total.
//
// Guarantee. For each suppressed cell, the linear system made of every
// relation, with the published cells as known constants and the suppressed
// cells as unknowns, does not determine that cell's value: there are other
// (rational) solutions in which it differs. This is checked exactly, with
// integer elimination (services/disclosure/linear_recovery.h), not by a rule
// of thumb such as "two suppressed cells per relation", which misses patterns
// (a suppressed cell that bridges two otherwise protected blocks of a
// two-way table is derivable although every row and column hides two cells).
//
// What it does not guarantee. The check is linear. A reader who also uses
// that counts are non-negative integers can still bound a hidden cell: hiding
// 2 and 3 in a row whose other cells and total are published tells the reader
// that both lie between 0 and 5. Protection intervals ("the reader must not
// be able to narrow the cell to within p% of its value") are not enforced.
//
// Everything here is a pure function of its arguments: no I/O, no global
// state, no randomness, no hash-map iteration. The same input always gives the
// same output. Safe to call from many threads at once.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace torg::disclosure {

// One additive relation of a table: counts[total] == sum of counts[parts].
struct SuppressionRelation {
  // Index of the total cell in SuppressionTable::counts.
  std::size_t total = 0;
  // Indices of the part cells: at least one, no repeats, none equal to
  // `total`.
  std::vector<std::size_t> parts;
};

// A table to be published: its cells and the relations among them.
struct SuppressionTable {
  // One non-negative count per cell; cells are named by their index here.
  std::vector<int64_t> counts;
  // The sums the reader knows hold. Their order matters only for which
  // complementary cell is picked when several are equally good (the earlier
  // relation is served first); it never changes the guarantee.
  std::vector<SuppressionRelation> relations;
};

// Why a cell is (not) published.
enum class CellDisclosure {
  // Shown as is.
  kPublished,
  // Hidden because it is small: 1 <= count <= k - 1.
  kPrimary,
  // Hidden so that a primary (or another secondary) cell cannot be derived
  // from the relations. May be a zero or a total.
  kSecondary,
};

// The outcome of SuppressSmallCells: one entry per cell of the table, in the
// table's order.
struct SuppressionResult {
  // Why each cell is published or hidden.
  std::vector<CellDisclosure> disclosure;
  // suppressed[i] == (disclosure[i] != CellDisclosure::kPublished).
  std::vector<bool> suppressed;
};

// OK if `table` is well formed; otherwise INVALID_ARGUMENT naming the first
// problem found, the cells checked first, then the relations in order:
//   - a negative count ("cell 4 has negative count -2");
//   - a relation whose total or a part is not a cell index, that has no
//     parts, lists a part twice, or has its total among its parts (the
//     message starts "relation <index>");
//   - a relation whose parts do not add up to its total ("relation 2 does not
//     add up: total cell 9 has count 12 but its parts (cells 3, 4) sum to 11").
absl::Status ValidateSuppressionTable(const SuppressionTable& table);

// Decides which cells of `table` to hide so that no cell with 1 <= count <=
// k - 1 is published or derivable.
//
// Primary suppression: every cell with 1 <= count <= k - 1, and every cell
// listed in `always_primary`, whatever its count: a zero can tell about
// every person of a group ("none of the women is without the flag"). A zero
// is never suppressed for being small (a zero cell reveals no person). k ==
// 1 suppresses nothing. INVALID_ARGUMENT, besides ValidateSuppressionTable's
// errors, for an `always_primary` index that is not a cell.
//
// Secondary suppression: then more cells are hidden until no hidden cell is
// determined by the published cells and the relations (see the guarantee at
// the top of this file). Rounds of:
//   1. every relation that hides exactly one of its cells gets a complement,
//      repeated until no relation hides exactly one cell;
//   2. the exact check; for each cell it finds derivable (in index order, and
//      skipping cells one of whose relations already got a complement in this
//      round), one complement is added in one of the cell's relations, or, if
//      all of those are fully hidden, in a relation of the connected group of
//      hidden cells it belongs to;
// until the exact check finds nothing. The complement in a relation is its
// published cell with the smallest non-zero count, a part before the total
// when they are equal, the lowest index among equals; a zero only when every
// published cell of the relation is zero (the reader then no longer knows it
// is zero). Each round hides at least one more cell, so this ends; hiding the
// whole table is a valid, if useless, outcome.
//
// The one thing nothing can hide is a cell whose value follows from the
// relations alone, without any published count (say total = a + b together
// with total = a, which pins b); such a cell is necessarily 0, is never
// primary, and is left derivable.
//
// Errors: INVALID_ARGUMENT if k < 1 or ValidateSuppressionTable fails (same
// message). RESOURCE_EXHAUSTED if the exact check's integer coefficients
// outgrow 64 bits; two-way tables with margins keep them at 0 and +-1, and no
// test table (hierarchies, grouped two-way tables) comes near. The message
// names the size of the group of cells concerned.
absl::StatusOr<SuppressionResult> SuppressSmallCells(
    const SuppressionTable& table, int64_t k, const std::vector<std::size_t>& always_primary = {});

}  // namespace torg::disclosure

#endif  // TORG_SERVICES_DISCLOSURE_SUPPRESSION_H_
