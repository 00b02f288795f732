#ifndef TORG_SERVICES_SEALING_SECRET_KEY_H_
#define TORG_SERVICES_SEALING_SECRET_KEY_H_

// A 256-bit secret: a master key, a participant's data key or the lookup
// secret. It exists so that key bytes live in exactly one place, are wiped
// when that place goes away, and cannot be copied around by accident.

#include <array>
#include <cstddef>
#include <iosfwd>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace torg::sealing {

class SecretKey {
 public:
  static constexpr size_t kSize = 32;

  // A fresh key from OpenSSL's CSPRNG. INTERNAL if the generator fails
  // (it is never silently weaker).
  static absl::StatusOr<SecretKey> Generate();

  // Copies exactly kSize bytes into a key. INVALID_ARGUMENT for any other
  // length; the message gives the length, never the bytes. The caller still
  // owns (and should wipe) `bytes`.
  static absl::StatusOr<SecretKey> FromBytes(absl::string_view bytes);

  // Move-only. A move wipes the source, so a moved-from key holds zeros and
  // must not be used for anything but assignment or destruction.
  SecretKey(SecretKey&& other) noexcept;
  SecretKey& operator=(SecretKey&& other) noexcept;
  SecretKey(const SecretKey&) = delete;
  SecretKey& operator=(const SecretKey&) = delete;

  // Wipes the bytes with OPENSSL_cleanse, which the compiler may not elide.
  ~SecretKey();

  // The raw key, for handing to a cipher or writing a key file. Valid while
  // this key lives and is not moved from. Never log it or put it in a status.
  absl::string_view bytes() const;

 private:
  SecretKey();  // All zeros; only factories fill it.

  std::array<unsigned char, kSize> bytes_;
};

// GoogleTest prints values of failed assertions; these keep key bytes out of
// test logs (found by argument-dependent lookup).
void PrintTo(const SecretKey& key, std::ostream* os);
void PrintTo(const absl::StatusOr<SecretKey>& key, std::ostream* os);

}  // namespace torg::sealing

#endif  // TORG_SERVICES_SEALING_SECRET_KEY_H_
