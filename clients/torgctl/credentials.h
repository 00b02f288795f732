#ifndef TORG_CLIENTS_TORGCTL_CREDENTIALS_H_
#define TORG_CLIENTS_TORGCTL_CREDENTIALS_H_

// What torgctl sends to prove who its user is and why they read: the bearer
// token, the TLS settings and the purpose. No CLI11 here; global_options.h
// binds these to the command line.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/torgctl/command.h"

namespace torg::torgctl {

// torgd's default --keys-dir, relative to where it was started, and the file
// in it holding the admin token of its run.
inline constexpr char kDefaultKeysDir[] = "torg-keys";
inline constexpr char kAdminTokenFile[] = "admin.token";

// The purpose sent when the user states none. ASCII on purpose: gRPC
// metadata values must be printable ASCII, and an ASCII default reads the
// same in the audit log whether or not torgd decodes EncodePurpose's
// escapes.
inline constexpr char kDefaultPurpose[] = "handlaggning";

// torgd's limit on the x-torg-purpose metadata, in bytes as sent.
inline constexpr size_t kMaxPurposeBytes = 500;

// The metadata form of a purpose. gRPC refuses a metadata value that is not
// printable ASCII (grpc++ aborts the process on one), so every byte outside
// 0x20–0x7E, and '%' itself, becomes %XX (upper-case hex, as in RFC 3986):
// "handläggning" is sent as "handl%C3%A4ggning", "50 %" as "50 %25". Always
// escaping '%' keeps the form reversible. INVALID_ARGUMENT when `text` is
// empty or its metadata form is longer than kMaxPurposeBytes.
absl::StatusOr<std::string> EncodePurpose(absl::string_view text);

// The command line's say on the bearer token.
struct TokenFlags {
  // --token-file: a file holding the token; "" when not given.
  std::string token_file;
  // --keys-dir / TORG_KEYS_DIR: torgd's keys directory, whose admin.token is
  // used when no other token is given; "" for kDefaultKeysDir.
  std::string keys_dir;
  // --no-token: send no token at all (a torgd run with --insecure-dev, or
  // only `health`).
  bool no_token = false;
};

struct ResolvedToken {
  // The token, trimmed; "" for none.
  std::string token;
  // Where it came from, for messages (never the token itself); "" for none.
  std::string origin;
};

// The token to send, by precedence: none with no_token; else the
// --token-file; else `env_token` (TORG_TOKEN; nullptr when unset); else
// <keys_dir>/admin.token. The default keys directory's admin token is used
// only if the file exists; a keys directory the user named must hold one.
// Leading and trailing whitespace (the file's newline) is trimmed.
// INVALID_ARGUMENT, naming the file or variable but never quoting the
// token, when the file cannot be read, or what it or TORG_TOKEN holds is
// empty or not printable ASCII.
absl::StatusOr<ResolvedToken> ResolveToken(const TokenFlags& flags, const char* env_token);

// The command line's say on TLS.
struct TlsFlags {
  // --tls: TLS with the system's roots.
  bool tls = false;
  // --tls-ca: trust this CA (PEM) instead; implies TLS.
  std::string ca_file;
  // --tls-cert / --tls-key: a client certificate and its key (PEM) for
  // mTLS; imply TLS.
  std::string cert_file;
  std::string key_file;
  // --tls-server-name: the name the server's certificate must carry.
  std::string server_name;
};

// The TLS settings `flags` ask for, with the files read. INVALID_ARGUMENT
// when --tls-cert and --tls-key are not given together, --tls-server-name
// is given without TLS, or a file cannot be read or holds no PEM (naming
// it).
absl::StatusOr<TlsSettings> LoadTls(const TlsFlags& flags);

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_CREDENTIALS_H_
