#ifndef TORG_SERVICES_DISCLOSURE_LINEAR_RECOVERY_H_
#define TORG_SERVICES_DISCLOSURE_LINEAR_RECOVERY_H_

// The exact check behind secondary suppression: given a table and which of
// its cells are hidden, which hidden cells can a reader still compute exactly
// from the published cells and the relations?
//
// Method. Each relation is a linear equation total - sum(parts) = 0. Moving
// the published cells to the right-hand side leaves a system A x = b in the
// hidden cells x. A hidden cell j is determined iff the unit vector e_j lies
// in the row space of A (then some combination of the equations reads
// "x_j = constant"); otherwise A has a null vector with a non-zero j-th entry
// and adding it to the true values gives another solution in which cell j
// differs. The right-hand side plays no part, so neither do the counts.
//
// The hidden cells are split into connected groups (two hidden cells are
// connected if some relation contains both); each group's equations are
// brought to reduced row echelon form independently, by fraction-free integer
// elimination: rows stay integer and are divided by the gcd of their entries
// after every step, products are formed in 128 bits and must fit back into 64.
// Cell j is determined iff its column has a pivot whose row has no other
// non-zero entry. Cost per group: O(rank x equations x hidden cells).

#include <vector>

#include "absl/status/statusor.h"
#include "services/disclosure/suppression.h"

namespace torg::disclosure {

// For each cell of `table`: true iff `suppressed` hides it and its value is
// determined by the published cells and the relations (see above). Published
// cells are always false; a hidden cell in no relation is never determined.
//
// Errors: INVALID_ARGUMENT if `table` is not well formed (exactly as
// ValidateSuppressionTable says) or if `suppressed` does not have one entry per
// cell ("suppressed has 3 entries for 4 cells"). RESOURCE_EXHAUSTED if an
// elimination coefficient does not fit in 64 bits even after dividing out
// common factors; the message names the number of hidden cells and relations
// in the group concerned.
absl::StatusOr<std::vector<bool>> FindDerivableCells(const SuppressionTable& table,
                                                     const std::vector<bool>& suppressed);

}  // namespace torg::disclosure

#endif  // TORG_SERVICES_DISCLOSURE_LINEAR_RECOVERY_H_
