#ifndef TORG_TESTS_BENCH_SYNTHETIC_ROWS_H_
#define TORG_TESTS_BENCH_SYNTHETIC_ROWS_H_

// The benchmark store's synthetic history: a förbund's cases over many
// years as import rows, one case per participant, each row a plausible case
// (referral on a platform whose age range and kommun fit the person, the
// beredningsgrupp's acceptance, case owner, joint assessment, closure with
// an outcome for most) and fully determined by its index, so that a store
// can be seeded again identically.

#include <cstdint>

#include "absl/time/civil_time.h"
#include "torg/v1/forbund_config.pb.h"
#include "torg/v1/import_service.pb.h"

namespace torg::bench {

class SyntheticRows {
 public:
  // Referrals fall from `first_day` to 30 days before `last_day`; no step
  // is dated after `last_day`. `config` must outlive this.
  SyntheticRows(const v1::ForbundConfig& config, absl::CivilDay first_day, absl::CivilDay last_day);

  // How many rows this can make, each with a personnummer of its own: one
  // of 500 serials on each possible birth date (about 10 million).
  int64_t MaxRows() const;

  // Row `index` (0 <= index < MaxRows()), numbered index + 2 (as the line of
  // a file with a header).
  v1::ImportRow Row(int64_t index) const;

 private:
  static constexpr int64_t kSerials = 500;

  const v1::ForbundConfig& config_;
  absl::CivilDay first_day_;
  absl::CivilDay last_day_;
  absl::CivilDay first_birth_day_;
  int64_t birth_days_;
};

}  // namespace torg::bench

#endif  // TORG_TESTS_BENCH_SYNTHETIC_ROWS_H_
