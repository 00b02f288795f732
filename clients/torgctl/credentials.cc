#include "clients/torgctl/credentials.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/torgctl/cli_parsing.h"

namespace torg::torgctl {
namespace {

bool Exists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

// The whole of the file at `path`; INVALID_ARGUMENT naming it as `what`
// (e.g. "the token file") and saying why when it cannot be read.
absl::StatusOr<std::string> ReadWholeFile(const std::string& path, absl::string_view what) {
  errno = 0;
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    const int error = errno;
    return absl::InvalidArgumentError(absl::StrCat("cannot read ", what, " ", path, ": ",
                                                   error != 0 ? std::strerror(error) : "unknown"));
  }
  std::string content((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (file.bad()) {
    return absl::InvalidArgumentError(absl::StrCat("cannot read ", what, " ", path));
  }
  return content;
}

// `raw` trimmed, if it is a token. The messages name `origin` and never
// quote the token: it is a secret, and error output ends up in logs.
absl::StatusOr<std::string> CheckToken(absl::string_view raw, absl::string_view origin) {
  const absl::string_view token = absl::StripAsciiWhitespace(raw);
  if (token.empty()) return absl::InvalidArgumentError(absl::StrCat(origin, " holds no token"));
  if (!IsPrintableAscii(token) || absl::StrContains(token, ' ')) {
    return absl::InvalidArgumentError(
        absl::StrCat(origin, " does not hold a token: expected one line of printable ASCII"));
  }
  return std::string(token);
}

absl::StatusOr<ResolvedToken> TokenFromFile(const std::string& path, absl::string_view what) {
  ResolvedToken resolved;
  resolved.origin = absl::StrCat(what, " ", path);
  absl::StatusOr<std::string> content = ReadWholeFile(path, what);
  if (!content.ok()) return content.status();
  absl::StatusOr<std::string> token = CheckToken(*content, resolved.origin);
  if (!token.ok()) return token.status();
  resolved.token = *std::move(token);
  return resolved;
}

// The PEM file at `path`, for `flag`.
absl::StatusOr<std::string> ReadPem(const std::string& path, absl::string_view flag) {
  absl::StatusOr<std::string> pem = ReadWholeFile(path, absl::StrCat("the ", flag, " file"));
  if (!pem.ok()) return pem.status();
  if (!absl::StrContains(*pem, "-----BEGIN ")) {
    return absl::InvalidArgumentError(
        absl::StrCat("the ", flag, " file ", path, " holds no PEM (-----BEGIN ...)"));
  }
  return pem;
}

}  // namespace

absl::StatusOr<std::string> EncodePurpose(absl::string_view text) {
  if (text.empty()) {
    return absl::InvalidArgumentError(
        "the purpose is empty: say why you read, e.g. \"uppföljning\"; it is recorded in the "
        "audit log");
  }
  std::string encoded;
  for (const char c : text) {
    if (c == '%' || !IsPrintableAscii(absl::string_view(&c, 1))) {
      absl::StrAppendFormat(&encoded, "%%%02X", static_cast<unsigned char>(c));
    } else {
      encoded += c;
    }
  }
  if (encoded.size() > kMaxPurposeBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("the purpose is ", encoded.size(),
                     " bytes as sent (each å, ä or ö takes 6, each % 3); torgd takes at most ",
                     kMaxPurposeBytes));
  }
  return encoded;
}

absl::StatusOr<ResolvedToken> ResolveToken(const TokenFlags& flags, const char* env_token) {
  if (flags.no_token) return ResolvedToken();
  if (!flags.token_file.empty()) return TokenFromFile(flags.token_file, "the token file");
  if (env_token != nullptr) {
    // Set but empty is refused rather than skipped: TORG_TOKEN=$(torgctl
    // token issue ...) after a failed issue must not fall back to the admin
    // token and act as someone else.
    absl::StatusOr<std::string> token = CheckToken(env_token, "TORG_TOKEN");
    if (!token.ok()) return token.status();
    return ResolvedToken{*std::move(token), "TORG_TOKEN"};
  }
  const bool named = !flags.keys_dir.empty();
  const std::string path =
      absl::StrCat(named ? flags.keys_dir : kDefaultKeysDir, "/", kAdminTokenFile);
  if (!Exists(path)) {
    if (!named) return ResolvedToken();  // no local torgd here: no credentials
    return absl::InvalidArgumentError(absl::StrCat("there is no admin token ", path,
                                                   ": is torgd run with --keys-dir ",
                                                   flags.keys_dir, "? Or give --token-file FILE"));
  }
  return TokenFromFile(path, "the admin token");
}

absl::StatusOr<TlsSettings> LoadTls(const TlsFlags& flags) {
  if (flags.cert_file.empty() != flags.key_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls-cert and --tls-key go together: the client certificate and its private key");
  }
  TlsSettings tls;
  tls.enabled = flags.tls || !flags.ca_file.empty() || !flags.cert_file.empty();
  if (!tls.enabled) {
    if (!flags.server_name.empty()) {
      return absl::InvalidArgumentError(
          "--tls-server-name needs TLS: add --tls, or --tls-ca FILE for a private CA");
    }
    return tls;
  }
  tls.server_name = flags.server_name;
  if (!flags.ca_file.empty()) {
    absl::StatusOr<std::string> pem = ReadPem(flags.ca_file, "--tls-ca");
    if (!pem.ok()) return pem.status();
    tls.root_certs_pem = *std::move(pem);
  }
  if (!flags.cert_file.empty()) {
    absl::StatusOr<std::string> cert = ReadPem(flags.cert_file, "--tls-cert");
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key = ReadPem(flags.key_file, "--tls-key");
    if (!key.ok()) return key.status();
    tls.cert_chain_pem = *std::move(cert);
    tls.private_key_pem = *std::move(key);
  }
  return tls;
}

}  // namespace torg::torgctl
