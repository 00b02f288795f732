#include "services/casework/ids.h"

#include <cstdint>

#include "absl/random/random.h"

namespace torg::casework {

std::string NewId() {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  thread_local absl::BitGen generator;
  uint64_t bits = absl::Uniform<uint64_t>(generator);
  std::string id(12, '0');
  for (char& c : id) {
    c = kAlphabet[bits & 31];
    bits >>= 5;
  }
  return id;
}

}  // namespace torg::casework
