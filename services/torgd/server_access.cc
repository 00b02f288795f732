#include "services/torgd/server_access.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/auth/access_config_loader.h"
#include "services/common/log.h"
#include "services/common/status_macros.h"
#include "services/sealing/key_file.h"
#include "services/torgd/host_port.h"

namespace torg::torgd {
namespace {

constexpr absl::Duration kAdminTokenLifetime = absl::Hours(24 * 365);

absl::StatusOr<std::string> ReadFile(const std::string& path, absl::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read the ", what, " ", path));
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

bool IsLoopback(const std::string& listen_address) {
  absl::StatusOr<HostPort> parsed = ParseHostPort(listen_address);
  if (!parsed.ok()) return false;
  const std::string& host = parsed->host;
  return host == "localhost" || host == "[::1]" || absl::StartsWith(host, "127.");
}

absl::Status CheckTransport(const AccessOptions& options, const std::string& listen_address) {
  const bool has_certificate = !options.tls_certificate_file.empty();
  if (has_certificate != !options.tls_private_key_file.empty()) {
    return absl::InvalidArgumentError("--tls-cert and --tls-key go together: give both");
  }
  if (!has_certificate && (!options.client_ca_file.empty() || options.require_client_certificate)) {
    return absl::InvalidArgumentError(
        "client certificates (--client-ca, --require-client-cert) need TLS: give --tls-cert "
        "and --tls-key");
  }
  if (options.require_client_certificate && options.client_ca_file.empty()) {
    return absl::InvalidArgumentError("--require-client-cert needs --client-ca");
  }
  if (!has_certificate && !options.insecure_dev && !IsLoopback(listen_address)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "refusing to serve plaintext on ", listen_address,
        ": tokens and personal data would cross the network unencrypted. Give --tls-cert and "
        "--tls-key, listen on a loopback address, or (never in production) --insecure-dev"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> CredentialsFor(
    const AccessOptions& options) {
  if (options.tls_certificate_file.empty()) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions ssl(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  TORG_ASSIGN_OR_RETURN(pair.cert_chain, ReadFile(options.tls_certificate_file, "TLS certificate"));
  TORG_ASSIGN_OR_RETURN(pair.private_key,
                        ReadFile(options.tls_private_key_file, "TLS private key"));
  ssl.pem_key_cert_pairs.push_back(std::move(pair));
  if (!options.client_ca_file.empty()) {
    TORG_ASSIGN_OR_RETURN(ssl.pem_root_certs, ReadFile(options.client_ca_file, "client CA"));
    ssl.client_certificate_request =
        options.require_client_certificate
            ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
            : GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(ssl);
}

// Writes `token` to `path` readable by its owner only, replacing what was
// there through a rename so no reader sees half a token.
absl::Status WriteOwnerOnly(const std::string& path, const std::string& token) {
  const std::string temporary = path + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return absl::PermissionDeniedError(absl::StrCat("cannot write ", temporary));
  const std::string content = token + "\n";
  const bool written =
      ::fchmod(fd, 0600) == 0 &&
      ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) &&
      ::fsync(fd) == 0;
  ::close(fd);
  if (!written || ::rename(temporary.c_str(), path.c_str()) != 0) {
    ::unlink(temporary.c_str());
    return absl::UnavailableError(absl::StrCat("cannot write the admin token to ", path));
  }
  return absl::OkStatus();
}

absl::Status EnsureAdminToken(const ServerAccess& access, const v1::ForbundConfig& config,
                              absl::Time now) {
  if (absl::StatusOr<std::string> existing = ReadFile(access.admin_token_path, "admin token");
      existing.ok()) {
    const absl::string_view token = absl::StripTrailingAsciiWhitespace(*existing);
    if (access.verifier->Verify(token, now + absl::Hours(24)).ok()) return absl::OkStatus();
  }
  auth::Principal admin;
  admin.user_id = "admin";
  admin.forbund_id = config.id();
  admin.roles = {auth::Role::kAdmin};
  TORG_ASSIGN_OR_RETURN(std::string token, access.minter->Mint(admin, now, kAdminTokenLifetime));
  TORG_RETURN_IF_ERROR(WriteOwnerOnly(access.admin_token_path, token));
  log::Info("admin token written (readable by this user only; torgctl on this machine uses it)",
            {{"path", access.admin_token_path}});
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ServerAccess> PrepareServerAccess(const AccessOptions& options,
                                                 const std::string& listen_address,
                                                 const std::string& keys_directory,
                                                 const v1::ForbundConfig& config, absl::Time now) {
  TORG_RETURN_IF_ERROR(CheckTransport(options, listen_address));
  ServerAccess access;
  TORG_ASSIGN_OR_RETURN(access.credentials, CredentialsFor(options));

  std::string audience = auth::kDefaultAudience;
  if (!options.access_config_path.empty()) {
    TORG_ASSIGN_OR_RETURN(auth::LoadedAccessConfig loaded,
                          auth::LoadAccessConfig(options.access_config_path));
    if (loaded.verifier.TrustsIssuer(kLocalIssuer)) {
      return absl::InvalidArgumentError(absl::StrCat(options.access_config_path, ": the issuer \"",
                                                     kLocalIssuer, "\" is torgd's own"));
    }
    audience = loaded.config.audience();
    access.verifier = std::make_unique<auth::TokenVerifier>(std::move(loaded.verifier));
    if (loaded.certificates.size() > 0) access.certificates = std::move(loaded.certificates);
  } else {
    TORG_ASSIGN_OR_RETURN(auth::TokenVerifier verifier, auth::TokenVerifier::Create({}, audience));
    access.verifier = std::make_unique<auth::TokenVerifier>(std::move(verifier));
  }

  TORG_ASSIGN_OR_RETURN(sealing::SecretKey signing_key,
                        sealing::LoadOrCreateKeyFile(keys_directory + "/" + kTokenSigningKeyFile));
  const std::string secret(signing_key.bytes());
  auth::TrustedKey local_key;
  local_key.issuer = kLocalIssuer;
  local_key.algorithm = auth::TokenAlgorithm::kHs256;
  local_key.key_material = secret;
  TORG_RETURN_IF_ERROR(access.verifier->AddTrustedKey(local_key));
  access.minter = std::make_unique<auth::TokenMinter>(kLocalIssuer, audience, secret);

  access.admin_token_path = keys_directory + "/" + kAdminTokenFile;
  TORG_RETURN_IF_ERROR(EnsureAdminToken(access, config, now));
  return access;
}

}  // namespace torg::torgd
