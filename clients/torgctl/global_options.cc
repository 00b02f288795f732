#include "clients/torgctl/global_options.h"

#include <cstdlib>
#include <utility>

#include "absl/strings/str_cat.h"
#include "clients/torgctl/cli_options.h"
#include "clients/torgctl/cli_parsing.h"

namespace torg::torgctl {
namespace {

constexpr char kSignInGroup[] = "Signing in";

void AddConnectionOptions(CLI::App& app, GlobalOptions& options) {
  app.add_option("--server", options.server, "torgd's address")
      ->type_name("HOST:PORT")
      ->envname("TORG_SERVER")
      ->capture_default_str();
  app.add_option_function<std::string>(
         "--output",
         [&options](const std::string& format) {
           options.output = format == "json" ? OutputFormat::kJson : OutputFormat::kTable;
         },
         "output format: table, or json (protobuf JSON with the proto field names)")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"table", "json"}))
      ->default_str("table");
  app.add_option("--timeout", options.timeout_seconds, "seconds to wait for each answer")
      ->type_name("SECONDS")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
}

void AddSignInOptions(CLI::App& app, GlobalOptions& options, GlobalFlags& flags) {
  CLI::Option* token_file =
      app.add_option("--token-file", flags.token.token_file,
                     "a file holding the bearer token (a JWT) to sign in with; before "
                     "TORG_TOKEN (the token itself) and the admin token in --keys-dir")
          ->type_name("FILE")
          ->group(kSignInGroup);
  app.add_option("--keys-dir", flags.token.keys_dir,
                 "torgd's keys directory: with no other token, torgctl signs in with its "
                 "admin.token, which a local torgd writes on start (default: ./torg-keys, "
                 "used if it holds one)")
      ->type_name("DIR")
      ->envname("TORG_KEYS_DIR")
      ->group(kSignInGroup);
  app.add_flag("--no-token", flags.token.no_token,
               "send no token, whatever the above say: for a torgd run with --insecure-dev")
      ->excludes(token_file)
      ->group(kSignInGroup);
  if (const char* login = std::getenv("USER"); login != nullptr) options.user = login;
  app.add_option("--user", options.user,
                 "who the steps are recorded by on a torgd run with --insecure-dev, sent as "
                 "x-torg-user (default: $USER); otherwise the token says who you are")
      ->type_name("NAME")
      ->envname("TORG_USER")
      ->check(CLI::Validator(
          [](std::string& user) -> std::string {
            return IsPrintableAscii(user) ? "" : "must be printable ASCII (no å, ä, ö)";
          },
          ""))
      ->capture_default_str()
      ->group(kSignInGroup);
  app.add_option("--purpose", flags.purpose,
                 "why you read personal data, recorded in torgd's audit log with every read "
                 "(sent as x-torg-purpose; å, ä, ö and % are sent %-escaped, e.g. "
                 "handl%C3%A4ggning)")
      ->type_name("TEXT")
      ->envname("TORG_PURPOSE")
      ->check(Accepting(EncodePurpose))
      ->capture_default_str()
      ->group(kSignInGroup);
}

void AddTlsOptions(CLI::App& app, GlobalFlags& flags) {
  app.add_flag("--tls", flags.tls.tls, "connect with TLS, trusting the system's CAs")
      ->group(kSignInGroup);
  app.add_option("--tls-ca", flags.tls.ca_file,
                 "connect with TLS, trusting this CA's certificate (PEM) instead")
      ->type_name("FILE")
      ->group(kSignInGroup);
  app.add_option("--tls-cert", flags.tls.cert_file,
                 "sign in with this client certificate (PEM, with --tls-key; implies TLS)")
      ->type_name("FILE")
      ->group(kSignInGroup);
  app.add_option("--tls-key", flags.tls.key_file,
                 "the client certificate's private key (PEM, unencrypted)")
      ->type_name("FILE")
      ->group(kSignInGroup);
  app.add_option("--tls-server-name", flags.tls.server_name,
                 "the name torgd's certificate must carry, when not the host of --server "
                 "(for testing with self-signed certificates)")
      ->type_name("NAME")
      ->group(kSignInGroup);
}

}  // namespace

void AddGlobalOptions(CLI::App& app, GlobalOptions& options, GlobalFlags& flags) {
  AddConnectionOptions(app, options);
  AddSignInOptions(app, options, flags);
  AddTlsOptions(app, flags);
}

absl::Status FinishGlobalOptions(const GlobalFlags& flags, GlobalOptions& options) {
  if (!IsPrintableAscii(options.user)) {
    // Only $USER can get here: --user and TORG_USER are checked while parsing.
    return absl::InvalidArgumentError(
        "the user name from $USER is not printable ASCII; give --user NAME");
  }
  absl::StatusOr<ResolvedToken> token = ResolveToken(flags.token, std::getenv("TORG_TOKEN"));
  if (!token.ok()) return token.status();
  options.token = std::move(token->token);
  options.token_origin = std::move(token->origin);
  absl::StatusOr<TlsSettings> tls = LoadTls(flags.tls);
  if (!tls.ok()) return tls.status();
  options.tls = *std::move(tls);
  absl::StatusOr<std::string> purpose = EncodePurpose(flags.purpose);
  if (!purpose.ok()) return purpose.status();
  options.purpose = *std::move(purpose);
  return absl::OkStatus();
}

}  // namespace torg::torgctl
