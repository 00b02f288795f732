#include "services/disclosure/suppression.h"

#include <cstddef>
#include <cstdint>
#include <numeric>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/disclosure/linear_recovery.h"
#include "tests/support/status_matchers.h"

namespace torg::disclosure {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::torg::testing::StatusIs;

// ---------------------------------------------------------------------------
// Building tables.

// A rows x columns table (say platform x gender) with a total per row, a
// total per column and a grand total. Relations, in this order: each row,
// each column, grand = sum of row totals, grand = sum of column totals.
struct TwoWayTable {
  std::size_t rows = 0;
  std::size_t columns = 0;
  SuppressionTable table;

  std::size_t Cell(std::size_t r, std::size_t c) const { return r * columns + c; }
  std::size_t RowTotal(std::size_t r) const { return rows * columns + r; }
  std::size_t ColumnTotal(std::size_t c) const { return rows * columns + rows + c; }
  std::size_t Grand() const { return rows * columns + rows + columns; }
};

// The margins are computed here: they are input, not expectations.
TwoWayTable MakeTwoWay(const std::vector<std::vector<int64_t>>& interior) {
  TwoWayTable t;
  t.rows = interior.size();
  t.columns = interior[0].size();
  t.table.counts.assign(t.Grand() + 1, 0);
  for (std::size_t r = 0; r < t.rows; ++r) {
    for (std::size_t c = 0; c < t.columns; ++c) {
      t.table.counts[t.Cell(r, c)] = interior[r][c];
      t.table.counts[t.RowTotal(r)] += interior[r][c];
      t.table.counts[t.ColumnTotal(c)] += interior[r][c];
      t.table.counts[t.Grand()] += interior[r][c];
    }
  }
  for (std::size_t r = 0; r < t.rows; ++r) {
    SuppressionRelation row{t.RowTotal(r), {}};
    for (std::size_t c = 0; c < t.columns; ++c) row.parts.push_back(t.Cell(r, c));
    t.table.relations.push_back(row);
  }
  for (std::size_t c = 0; c < t.columns; ++c) {
    SuppressionRelation column{t.ColumnTotal(c), {}};
    for (std::size_t r = 0; r < t.rows; ++r) column.parts.push_back(t.Cell(r, c));
    t.table.relations.push_back(column);
  }
  SuppressionRelation by_rows{t.Grand(), {}};
  for (std::size_t r = 0; r < t.rows; ++r) by_rows.parts.push_back(t.RowTotal(r));
  t.table.relations.push_back(by_rows);
  SuppressionRelation by_columns{t.Grand(), {}};
  for (std::size_t c = 0; c < t.columns; ++c) by_columns.parts.push_back(t.ColumnTotal(c));
  t.table.relations.push_back(by_columns);
  return t;
}

std::vector<std::size_t> CellsWith(const SuppressionResult& result, CellDisclosure why) {
  std::vector<std::size_t> cells;
  for (std::size_t i = 0; i < result.disclosure.size(); ++i) {
    if (result.disclosure[i] == why) cells.push_back(i);
  }
  return cells;
}

std::size_t HiddenInRelation(const SuppressionRelation& relation,
                             const std::vector<bool>& suppressed) {
  std::size_t hidden = suppressed[relation.total] ? 1 : 0;
  for (std::size_t part : relation.parts) hidden += suppressed[part] ? 1 : 0;
  return hidden;
}

// ---------------------------------------------------------------------------
// An independent derivability checker, sharing no code with the library: it
// uses plain rationals and Gauss-Jordan elimination with a unit pivot (the
// library uses fraction-free integer rows), then builds the null space. For
// every hidden cell it either finds a null vector that moves the cell, and
// proves it by writing down a second integer filling of the hidden cells and
// evaluating every relation on it, or reports the cell as derivable.

int64_t CheckedMul(int64_t a, int64_t b) {
  int64_t out = 0;
  if (__builtin_mul_overflow(a, b, &out)) ADD_FAILURE() << "checker overflow " << a << "*" << b;
  return out;
}
int64_t CheckedAdd(int64_t a, int64_t b) {
  int64_t out = 0;
  if (__builtin_add_overflow(a, b, &out)) ADD_FAILURE() << "checker overflow " << a << "+" << b;
  return out;
}

struct Rational {
  int64_t num = 0;
  int64_t den = 1;  // > 0, gcd(num, den) == 1

  static Rational Of(int64_t n, int64_t d) {
    if (d < 0) {
      n = -n;
      d = -d;
    }
    const int64_t g = std::gcd(n, d);
    return g > 1 ? Rational{n / g, d / g} : Rational{n, d};
  }
  bool zero() const { return num == 0; }
};
Rational operator-(const Rational& a, const Rational& b) {
  return Rational::Of(CheckedAdd(CheckedMul(a.num, b.den), -CheckedMul(b.num, a.den)),
                      CheckedMul(a.den, b.den));
}
Rational operator*(const Rational& a, const Rational& b) {
  return Rational::Of(CheckedMul(a.num, b.num), CheckedMul(a.den, b.den));
}
Rational operator/(const Rational& a, const Rational& b) {
  return Rational::Of(CheckedMul(a.num, b.den), CheckedMul(a.den, b.num));
}

// The hidden cells that the independent checker finds derivable, ascending.
std::vector<std::size_t> IndependentlyDerivable(const SuppressionTable& table,
                                                const std::vector<bool>& hidden) {
  std::vector<std::size_t> unknowns;
  std::vector<std::size_t> column(table.counts.size(), 0);
  for (std::size_t i = 0; i < hidden.size(); ++i) {
    if (hidden[i]) {
      column[i] = unknowns.size();
      unknowns.push_back(i);
    }
  }
  const std::size_t n = unknowns.size();
  // One row per relation: +1 for a hidden total, -1 for each hidden part.
  std::vector<std::vector<Rational>> m;
  for (const SuppressionRelation& relation : table.relations) {
    std::vector<Rational> row(n);
    if (hidden[relation.total]) row[column[relation.total]] = Rational{1, 1};
    for (std::size_t part : relation.parts) {
      if (hidden[part]) row[column[part]] = Rational{-1, 1};
    }
    m.push_back(row);
  }
  // Gauss-Jordan, first non-zero entry as pivot, pivot scaled to 1.
  std::vector<std::size_t> pivot_of_row;
  std::vector<bool> is_pivot(n, false);
  std::size_t rank = 0;
  for (std::size_t c = 0; c < n && rank < m.size(); ++c) {
    std::size_t p = rank;
    while (p < m.size() && m[p][c].zero()) ++p;
    if (p == m.size()) continue;
    std::swap(m[p], m[rank]);
    const Rational lead = m[rank][c];
    for (Rational& x : m[rank]) x = x / lead;
    for (std::size_t r = 0; r < m.size(); ++r) {
      if (r == rank || m[r][c].zero()) continue;
      const Rational factor = m[r][c];
      for (std::size_t j = 0; j < n; ++j) m[r][j] = m[r][j] - factor * m[rank][j];
    }
    pivot_of_row.push_back(c);
    is_pivot[c] = true;
    ++rank;
  }
  // Null-space basis: one vector per free column f.
  std::vector<std::vector<Rational>> basis;
  for (std::size_t f = 0; f < n; ++f) {
    if (is_pivot[f]) continue;
    std::vector<Rational> v(n);
    v[f] = Rational{1, 1};
    for (std::size_t i = 0; i < rank; ++i) v[pivot_of_row[i]] = Rational{0, 1} - m[i][f];
    basis.push_back(v);
  }
  std::vector<std::size_t> derivable;
  for (std::size_t u = 0; u < n; ++u) {
    const std::vector<Rational>* mover = nullptr;
    for (const std::vector<Rational>& v : basis) {
      if (!v[u].zero()) {
        mover = &v;
        break;
      }
    }
    if (mover == nullptr) {
      derivable.push_back(unknowns[u]);
      continue;
    }
    // The certificate: a second integer filling, equal on published cells,
    // different in this cell, that satisfies every relation.
    int64_t scale = 1;
    for (const Rational& x : *mover) scale = std::lcm(scale, x.den);
    std::vector<int64_t> other = table.counts;
    for (std::size_t j = 0; j < n; ++j) {
      other[unknowns[j]] =
          CheckedAdd(other[unknowns[j]], CheckedMul((*mover)[j].num, scale / (*mover)[j].den));
    }
    EXPECT_NE(other[unknowns[u]], table.counts[unknowns[u]]);
    for (std::size_t r = 0; r < table.relations.size(); ++r) {
      int64_t sum = 0;
      for (std::size_t part : table.relations[r].parts) sum = CheckedAdd(sum, other[part]);
      EXPECT_EQ(sum, other[table.relations[r].total])
          << "checker bug: certificate for cell " << unknowns[u] << " breaks relation " << r;
    }
  }
  return derivable;
}

// ---------------------------------------------------------------------------
// Primary suppression and input validation.

TEST(SuppressSmallCellsTest, PrimarySuppressesOneToKMinusOneOnly) {
  // No relations: only primary suppression applies.
  const SuppressionTable table{{0, 1, 2, 3, 4, 5, 6, 100}, {}};
  ASSERT_OK_AND_ASSIGN(SuppressionResult result, SuppressSmallCells(table, 5));
  EXPECT_THAT(CellsWith(result, CellDisclosure::kPrimary), ElementsAre(1, 2, 3, 4));
  EXPECT_THAT(CellsWith(result, CellDisclosure::kSecondary), IsEmpty());
  EXPECT_THAT(result.suppressed, ElementsAre(false, true, true, true, true, false, false, false));
}

TEST(SuppressSmallCellsTest, AlwaysPrimaryCellsAreHiddenWhateverTheirCount) {
  // with + without = active: 20 + 0 = 20. Nothing is small, but the zero is
  // marked (everyone carries the mark): it is hidden, and so is a
  // complement in its relation, so that it cannot be worked out.
  const SuppressionTable table{{20, 0, 20}, {{2, {0, 1}}}};
  ASSERT_OK_AND_ASSIGN(SuppressionResult unmarked, SuppressSmallCells(table, 5));
  EXPECT_THAT(CellsWith(unmarked, CellDisclosure::kPublished), ElementsAre(0, 1, 2));
  ASSERT_OK_AND_ASSIGN(SuppressionResult marked, SuppressSmallCells(table, 5, {1}));
  EXPECT_THAT(CellsWith(marked, CellDisclosure::kPrimary), ElementsAre(1));
  EXPECT_EQ(CellsWith(marked, CellDisclosure::kSecondary).size(), 1u);
  EXPECT_FALSE(marked.suppressed[0] && marked.suppressed[2]) << "one complement is enough";
  // k == 1 hides nothing, marked or not.
  ASSERT_OK_AND_ASSIGN(SuppressionResult exact, SuppressSmallCells(table, 1, {1}));
  EXPECT_THAT(CellsWith(exact, CellDisclosure::kPublished), ElementsAre(0, 1, 2));
  // A marked cell must be a cell.
  EXPECT_THAT(SuppressSmallCells(table, 5, {3}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("always_primary cell 3 is out of range (the table has 3 cells)")));
}

TEST(SuppressSmallCellsTest, KOfOneSuppressesNothing) {
  const TwoWayTable t = MakeTwoWay({{1, 0, 2}, {3, 1, 0}});
  ASSERT_OK_AND_ASSIGN(SuppressionResult result, SuppressSmallCells(t.table, 1));
  EXPECT_EQ(CellsWith(result, CellDisclosure::kPublished).size(), t.table.counts.size());
}

TEST(SuppressSmallCellsTest, RejectsKBelowOne) {
  const SuppressionTable table{{3, 4, 7}, {{2, {0, 1}}}};
  EXPECT_THAT(SuppressSmallCells(table, 0), StatusIs(absl::StatusCode::kInvalidArgument,
                                                     HasSubstr("k must be at least 1, got 0")));
  EXPECT_THAT(SuppressSmallCells(table, -3),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("got -3")));
}

TEST(SuppressSmallCellsTest, RejectsNegativeCount) {
  const SuppressionTable table{{3, -3, 0}, {{2, {0, 1}}}};
  EXPECT_THAT(SuppressSmallCells(table, 5), StatusIs(absl::StatusCode::kInvalidArgument,
                                                     HasSubstr("cell 1 has negative count -3")));
}

TEST(SuppressSmallCellsTest, RejectsIndexOutOfRange) {
  EXPECT_THAT(
      SuppressSmallCells(SuppressionTable{{3, 4, 7}, {{2, {0, 1}}, {7, {0}}}}, 5),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("relation 1: total cell 7 is out of range (the table has 3 cells)")));
  EXPECT_THAT(SuppressSmallCells(SuppressionTable{{3, 4, 7}, {{2, {0, 3}}}}, 5),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("relation 0: part cell 3 is out of range")));
}

TEST(SuppressSmallCellsTest, RejectsRelationThatDoesNotAddUp) {
  // Cell 3 says 10, but 4 + 5 = 9.
  const SuppressionTable table{{4, 5, 9, 10}, {{2, {0, 1}}, {3, {0, 1}}}};
  EXPECT_THAT(SuppressSmallCells(table, 5),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("relation 1 does not add up: total cell 3 has count 10 but its "
                                 "parts (cells 0, 1) sum to 9")));
}

TEST(SuppressSmallCellsTest, RejectsMalformedRelations) {
  EXPECT_THAT(SuppressSmallCells(SuppressionTable{{4, 4}, {{1, {}}}}, 5),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("relation 0 has no parts")));
  EXPECT_THAT(SuppressSmallCells(SuppressionTable{{0, 0}, {{1, {0, 1}}}}, 5),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("relation 0: total cell 1 is also one of its parts")));
  EXPECT_THAT(SuppressSmallCells(SuppressionTable{{0, 0}, {{1, {0, 0}}}}, 5),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("relation 0 lists part cell 0 twice")));
}

TEST(FindDerivableCellsTest, RejectsWrongNumberOfFlags) {
  const SuppressionTable table{{3, 4, 7}, {{2, {0, 1}}}};
  EXPECT_THAT(FindDerivableCells(table, {true, false}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("suppressed has 2 entries for 3 cells")));
}

TEST(FindDerivableCellsTest, OneHiddenCellOfASumIsDerivableTwoAreNot) {
  // 3 + 4 + 8 = 15, cell 4 in no relation.
  const SuppressionTable table{{3, 4, 8, 15, 2}, {{3, {0, 1, 2}}}};
  ASSERT_OK_AND_ASSIGN(std::vector<bool> one,
                       FindDerivableCells(table, {true, false, false, false, true}));
  // Cell 0 = 15 - 4 - 8; cell 4 is in no sum, so nothing pins it.
  EXPECT_THAT(one, ElementsAre(true, false, false, false, false));
  ASSERT_OK_AND_ASSIGN(std::vector<bool> two,
                       FindDerivableCells(table, {true, true, false, false, false}));
  EXPECT_THAT(two, ElementsAre(false, false, false, false, false));
}

// ---------------------------------------------------------------------------
// Secondary suppression.

TEST(SuppressSmallCellsTest, OneDimensionalTotalHidesTheSmallestOtherPart) {
  // Outcomes of one platform: 3 + 8 + 6 + 12 = 29 (cell 4). With 3 hidden
  // alone a reader gets it as 29 - 8 - 6 - 12; the complement is the smallest
  // other part, 6 (cell 2), never the total.
  const SuppressionTable table{{3, 8, 6, 12, 29}, {{4, {0, 1, 2, 3}}}};
  ASSERT_OK_AND_ASSIGN(SuppressionResult result, SuppressSmallCells(table, 5));
  EXPECT_THAT(CellsWith(result, CellDisclosure::kPrimary), ElementsAre(0));
  EXPECT_THAT(CellsWith(result, CellDisclosure::kSecondary), ElementsAre(2));
}

TEST(SuppressSmallCellsTest, EqualComplementsGoToTheLowestIndex) {
  const SuppressionTable table{{3, 6, 6, 12, 27}, {{4, {0, 1, 2, 3}}}};
  ASSERT_OK_AND_ASSIGN(SuppressionResult result, SuppressSmallCells(table, 5));
  EXPECT_THAT(CellsWith(result, CellDisclosure::kSecondary), ElementsAre(1));
}

TEST(SuppressSmallCellsTest, TwoWayTableSingleSmallCellHidesARectangle) {
  // Platform x gender (kvinna, man), with margins:
  //   row 0:  2  14 | 16
  //   row 1: 11   9 | 20
  //   row 2:  7   8 | 15
  //   row 3: 15  21 | 36
  //          35  52 | 87
  // 2 is small. Row 0 then needs a complement: 14, the only other part.
  // Column kvinna needs one: 7 (row 2) is its smallest other cell. Column man
  // now hides only 14: 8 (row 2) is its smallest. Row 2 then hides two cells
  // and every row and column hides 0 or 2: the classic rectangle
  // (0,kvinna) (0,man) (2,kvinna) (2,man), with all margins published.
  const TwoWayTable t = MakeTwoWay({{2, 14}, {11, 9}, {7, 8}, {15, 21}});
  ASSERT_OK_AND_ASSIGN(SuppressionResult result, SuppressSmallCells(t.table, 5));
  EXPECT_THAT(CellsWith(result, CellDisclosure::kPrimary), ElementsAre(t.Cell(0, 0)));
  EXPECT_THAT(CellsWith(result, CellDisclosure::kSecondary),
              ElementsAre(t.Cell(0, 1), t.Cell(2, 0), t.Cell(2, 1)));
  // A reader knows x00 + x01 = 16, x00 + x20 = 35 - 11 - 15 = 9,
  // x01 + x21 = 52 - 9 - 21 = 22, x20 + x21 = 15: adding 1 to x00 and x21 and
  // taking 1 from x01 and x20 keeps all four, so no hidden cell is pinned.
  EXPECT_THAT(IndependentlyDerivable(t.table, result.suppressed), IsEmpty());
}

TEST(SuppressSmallCellsTest, PartWithOnlyZeroSiblingsHidesItsTotalAndThatTotalsComplement) {
  // Cells: 0 a=3, 1 x=6, 2 A=9, 3 z1=0, 4 z2=0, 5 B=6, 6 y=20, 7 G=26.
  //   relation 0: A = a + x
  //   relation 1: B = x + z1 + z2   (x's siblings are both zero)
  //   relation 2: G = B + y
  // a is small; x is its complement in relation 0. In relation 1 the other
  // parts are zeros, so B = x: B must be hidden too (the non-zero total beats
  // a zero). Then relation 2 hides B alone, so y (20 < 26) is hidden as well.
  const SuppressionTable table{{3, 6, 9, 0, 0, 6, 20, 26},
                               {{2, {0, 1}}, {5, {1, 3, 4}}, {7, {5, 6}}}};
  ASSERT_OK_AND_ASSIGN(SuppressionResult result, SuppressSmallCells(table, 5));
  EXPECT_THAT(CellsWith(result, CellDisclosure::kPrimary), ElementsAre(0));
  EXPECT_THAT(CellsWith(result, CellDisclosure::kSecondary), ElementsAre(1, 5, 6));
  // a + x = 9, B - x = 0, B + y = 26: (a, x, B, y) + t (1, -1, -1, 1) solves
  // all three for any t, so none of the four is pinned.
  EXPECT_THAT(IndependentlyDerivable(table, result.suppressed), IsEmpty());
}

TEST(SuppressSmallCellsTest, HierarchySuppressionPropagatesUpAndBackDown) {
  // Closed cases by outcome, two levels below the grand total:
  //   0 G=33 = 1 arbete(3) + 2 studier(12) + 3 övrigt(18)
  //   1 arbete  = 4 (1) + 5 (2)
  //   2 studier = 6 (5) + 7 (7)
  //   3 övrigt  = 8 (8) + 9 (10)
  // arbete and both its sub-categories are small. At the top level arbete is
  // then the only hidden cell, so studier (12, the smallest sibling) is
  // hidden; inside studier that leaves studier alone hidden, so its smallest
  // sub-category (5, cell 6) is hidden too.
  const SuppressionTable table{{33, 3, 12, 18, 1, 2, 5, 7, 8, 10},
                               {{1, {4, 5}}, {2, {6, 7}}, {3, {8, 9}}, {0, {1, 2, 3}}}};
  ASSERT_OK_AND_ASSIGN(SuppressionResult result, SuppressSmallCells(table, 5));
  EXPECT_THAT(CellsWith(result, CellDisclosure::kPrimary), ElementsAre(1, 4, 5));
  EXPECT_THAT(CellsWith(result, CellDisclosure::kSecondary), ElementsAre(2, 6));
  EXPECT_THAT(IndependentlyDerivable(table, result.suppressed), IsEmpty());
}

TEST(SuppressSmallCellsTest, ExactCheckCatchesABridgeThatTwoPerRelationMisses) {
  // 4 x 4 with margins; the nine small cells (k = 5) are marked *:
  //          c0   c1   c2   c3 | total
  //   r0:    2*   3*    9   12 |  26
  //   r1:    4*   1*   2*    6 |  13
  //   r2:   10   15    3*   4* |  32
  //   r3:   11    8    1*   2* |  22
  //         27   27   15   24 |  93
  // Every row and column hides 0, 2 or 3 cells, so the "at least two per
  // relation" rule is satisfied and adds nothing. Yet (r1, c2) is derivable:
  // it is the only hidden cell that links the block r0-r1 x c0-c1 to the rest.
  // Rows r0 and r1 hide 26 + 13 - (9 + 12 + 6) = 12 between them, of which
  // the block (columns c0, c1) holds 27 + 27 - (10 + 11 + 15 + 8) = 10; so
  // (r1, c2) = 12 - 10 = 2.
  const TwoWayTable t = MakeTwoWay({{2, 3, 9, 12}, {4, 1, 2, 6}, {10, 15, 3, 4}, {11, 8, 1, 2}});
  std::vector<bool> primary(t.table.counts.size(), false);
  for (std::size_t i = 0; i < primary.size(); ++i) {
    primary[i] = t.table.counts[i] >= 1 && t.table.counts[i] <= 4;
  }
  for (const SuppressionRelation& relation : t.table.relations) {
    EXPECT_NE(HiddenInRelation(relation, primary), 1u);
  }
  // The reader's computation, from published cells only:
  const auto& n = t.table.counts;
  const int64_t hidden_in_rows_0_1 =
      n[t.RowTotal(0)] + n[t.RowTotal(1)] - n[t.Cell(0, 2)] - n[t.Cell(0, 3)] - n[t.Cell(1, 3)];
  const int64_t hidden_in_block = n[t.ColumnTotal(0)] + n[t.ColumnTotal(1)] - n[t.Cell(2, 0)] -
                                  n[t.Cell(3, 0)] - n[t.Cell(2, 1)] - n[t.Cell(3, 1)];
  EXPECT_EQ(hidden_in_rows_0_1 - hidden_in_block, 2);
  EXPECT_EQ(n[t.Cell(1, 2)], 2);
  EXPECT_THAT(IndependentlyDerivable(t.table, primary), ElementsAre(t.Cell(1, 2)));
  ASSERT_OK_AND_ASSIGN(std::vector<bool> derivable, FindDerivableCells(t.table, primary));
  std::vector<bool> expected(t.table.counts.size(), false);
  expected[t.Cell(1, 2)] = true;
  EXPECT_EQ(derivable, expected);

  // The fix: a complement in row r1 or column c2, the smallest published
  // non-zero there: (r1, c3) = 6 beats (r0, c2) = 9. That closes the cycle
  // r1-c2-r2-c3-r1, and nothing is derivable any more.
  ASSERT_OK_AND_ASSIGN(SuppressionResult result, SuppressSmallCells(t.table, 5));
  EXPECT_THAT(CellsWith(result, CellDisclosure::kPrimary),
              ElementsAre(t.Cell(0, 0), t.Cell(0, 1), t.Cell(1, 0), t.Cell(1, 1), t.Cell(1, 2),
                          t.Cell(2, 2), t.Cell(2, 3), t.Cell(3, 2), t.Cell(3, 3)));
  EXPECT_THAT(CellsWith(result, CellDisclosure::kSecondary), ElementsAre(t.Cell(1, 3)));
  EXPECT_THAT(IndependentlyDerivable(t.table, result.suppressed), IsEmpty());
}

// ---------------------------------------------------------------------------
// Properties over many pseudo-random tables.

// Portable pseudo-random counts: std::mt19937_64's output is fixed by the
// standard (distributions are not), and the mapping below is plain modulo.
class CountSource {
 public:
  explicit CountSource(uint64_t seed) : engine_(seed) {}
  std::size_t Below(std::size_t n) { return static_cast<std::size_t>(engine_() % n); }
  // About 15% zeros, `small_percent`% small (1..4), the rest 5..44.
  int64_t Count(std::size_t small_percent) {
    const std::size_t kind = Below(100);
    if (kind < 15) return 0;
    if (kind < 15 + small_percent) return 1 + static_cast<int64_t>(Below(4));
    return 5 + static_cast<int64_t>(Below(40));
  }

 private:
  std::mt19937_64 engine_;
};

// grand -> 2..4 categories -> 1..4 sub-categories each.
SuppressionTable RandomHierarchy(CountSource& source) {
  SuppressionTable table;
  table.counts.push_back(0);  // grand, filled below
  SuppressionRelation grand{0, {}};
  const std::size_t categories = 2 + source.Below(3);
  for (std::size_t c = 0; c < categories; ++c) {
    const std::size_t category = table.counts.size();
    table.counts.push_back(0);
    grand.parts.push_back(category);
    SuppressionRelation relation{category, {}};
    const std::size_t subs = 1 + source.Below(4);
    for (std::size_t s = 0; s < subs; ++s) {
      relation.parts.push_back(table.counts.size());
      const int64_t count = source.Count(30);
      table.counts.push_back(count);
      table.counts[category] += count;
    }
    table.counts[0] += table.counts[category];
    table.relations.push_back(relation);
  }
  table.relations.push_back(grand);
  return table;
}

// A two-way table whose rows are grouped (platforms within their kommun):
// rows x columns cells, a subtotal per group and column, totals per row and
// group, column totals and the grand total; every level adds up both ways.
SuppressionTable RandomGroupedTwoWay(CountSource& source) {
  const std::size_t groups = 2 + source.Below(2);
  const std::size_t columns = 2 + source.Below(2);
  std::vector<std::size_t> group_of_row;
  for (std::size_t g = 0; g < groups; ++g) {
    const std::size_t rows_in_group = 1 + source.Below(3);
    for (std::size_t i = 0; i < rows_in_group; ++i) group_of_row.push_back(g);
  }
  const std::size_t rows = group_of_row.size();
  SuppressionTable table;
  auto add_cell = [&table]() {
    table.counts.push_back(0);
    return table.counts.size() - 1;
  };
  std::vector<std::vector<std::size_t>> cell(rows, std::vector<std::size_t>(columns));
  std::vector<std::size_t> row_total(rows);
  std::vector<std::vector<std::size_t>> group_cell(groups, std::vector<std::size_t>(columns));
  std::vector<std::size_t> group_total(groups);
  std::vector<std::size_t> column_total(columns);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < columns; ++c) cell[r][c] = add_cell();
    row_total[r] = add_cell();
  }
  for (std::size_t g = 0; g < groups; ++g) {
    for (std::size_t c = 0; c < columns; ++c) group_cell[g][c] = add_cell();
    group_total[g] = add_cell();
  }
  for (std::size_t c = 0; c < columns; ++c) column_total[c] = add_cell();
  const std::size_t grand = add_cell();

  auto& n = table.counts;
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < columns; ++c) {
      const int64_t count = source.Count(20);
      const std::size_t g = group_of_row[r];
      n[cell[r][c]] = count;
      n[row_total[r]] += count;
      n[group_cell[g][c]] += count;
      n[group_total[g]] += count;
      n[column_total[c]] += count;
      n[grand] += count;
    }
  }
  for (std::size_t r = 0; r < rows; ++r) table.relations.push_back({row_total[r], cell[r]});
  for (std::size_t g = 0; g < groups; ++g) {
    for (std::size_t c = 0; c < columns; ++c) {
      SuppressionRelation relation{group_cell[g][c], {}};
      for (std::size_t r = 0; r < rows; ++r) {
        if (group_of_row[r] == g) relation.parts.push_back(cell[r][c]);
      }
      table.relations.push_back(relation);
    }
    table.relations.push_back({group_total[g], group_cell[g]});
    SuppressionRelation by_rows{group_total[g], {}};
    for (std::size_t r = 0; r < rows; ++r) {
      if (group_of_row[r] == g) by_rows.parts.push_back(row_total[r]);
    }
    table.relations.push_back(by_rows);
  }
  for (std::size_t c = 0; c < columns; ++c) {
    SuppressionRelation relation{column_total[c], {}};
    for (std::size_t g = 0; g < groups; ++g) relation.parts.push_back(group_cell[g][c]);
    table.relations.push_back(relation);
  }
  table.relations.push_back({grand, column_total});
  table.relations.push_back({grand, group_total});
  return table;
}

// 5..12 rows x 3..6 columns. Few small cells (8%) leave room for the
// patterns the heuristic misses, such as bridges between hidden blocks.
SuppressionTable RandomTwoWay(CountSource& source) {
  const std::size_t rows = 5 + source.Below(8);
  const std::size_t columns = 3 + source.Below(4);
  std::vector<std::vector<int64_t>> interior(rows, std::vector<int64_t>(columns));
  for (auto& row : interior) {
    for (int64_t& count : row) count = source.Count(8);
  }
  return MakeTwoWay(interior).table;
}

// Checks (a) every small cell is hidden as primary and nothing else is
// primary, (b) the independent checker finds no hidden cell derivable, (c)
// a second run gives the same answer. Returns the number of secondaries.
std::size_t CheckProperties(const SuppressionTable& table, int64_t k, const std::string& name) {
  SCOPED_TRACE(name);
  absl::StatusOr<SuppressionResult> result = SuppressSmallCells(table, k);
  EXPECT_TRUE(result.ok()) << result.status();
  if (!result.ok()) return 0;
  for (std::size_t i = 0; i < table.counts.size(); ++i) {
    const bool small = table.counts[i] >= 1 && table.counts[i] <= k - 1;
    EXPECT_EQ(result->disclosure[i] == CellDisclosure::kPrimary, small) << "cell " << i;
    EXPECT_EQ(result->suppressed[i], result->disclosure[i] != CellDisclosure::kPublished)
        << "cell " << i;
  }
  EXPECT_THAT(IndependentlyDerivable(table, result->suppressed), IsEmpty());
  absl::StatusOr<SuppressionResult> again = SuppressSmallCells(table, k);
  EXPECT_TRUE(again.ok());
  if (again.ok()) {
    EXPECT_EQ(again->disclosure, result->disclosure);
  }
  return CellsWith(*result, CellDisclosure::kSecondary).size();
}

TEST(SuppressSmallCellsPropertyTest, RandomTablesAreProtectedAndDeterministic) {
  // 400 tables: half two-way, a quarter hierarchies, a quarter grouped
  // two-way; k = 3 for every third table, else 5. When this test was written,
  // skipping step 2 (the exact check) left a derivable cell in 27 of them
  // (26 two-way, 1 grouped), so (b) does not follow from the heuristic alone.
  CountSource source(20240611);
  std::size_t tables_with_secondaries = 0;
  for (int i = 0; i < 400; ++i) {
    const int64_t k = i % 3 == 0 ? 3 : 5;
    SuppressionTable table;
    std::string kind;
    if (i % 2 == 0) {
      table = RandomTwoWay(source);
      kind = "two-way";
    } else if (i % 4 == 1) {
      table = RandomHierarchy(source);
      kind = "hierarchy";
    } else {
      table = RandomGroupedTwoWay(source);
      kind = "grouped two-way";
    }
    ASSERT_OK(ValidateSuppressionTable(table));
    if (CheckProperties(table, k, absl::StrCat("table ", i, " (", kind, ", k=", k, ")")) > 0) {
      ++tables_with_secondaries;
    }
  }
  // Not vacuous: most tables needed complements.
  EXPECT_GT(tables_with_secondaries, 200u);
}

TEST(SuppressSmallCellsPropertyTest, LargerTablesAreProtected) {
  // 200 x 10 cells plus margins (2,211 cells), 8% small: about 250 hidden
  // cells, most of them in one connected group.
  CountSource source(7);
  for (int i = 0; i < 2; ++i) {
    std::vector<std::vector<int64_t>> interior(200, std::vector<int64_t>(10));
    for (auto& row : interior) {
      for (int64_t& count : row) count = source.Count(8);
    }
    CheckProperties(MakeTwoWay(interior).table, 5, absl::StrCat("200x10 table ", i));
  }
}

}  // namespace
}  // namespace torg::disclosure
