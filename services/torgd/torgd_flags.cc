#include "services/torgd/torgd_flags.h"

#include <string>

#include "CLI/CLI.hpp"
#include "services/torgd/host_port.h"

namespace torg::torgd {
namespace {

CLI::Validator HostPortValidator() {
  return CLI::Validator(
      [](const std::string& text) -> std::string {
        const auto parsed = ParseHostPort(text);
        return parsed.ok() ? std::string() : std::string(parsed.status().message());
      },
      "");
}

}  // namespace

ParsedCommandLine ParseTorgdFlags(int argc, char** argv) {
  ParsedCommandLine result;
  TorgdFlags& flags = result.flags;
  CLI::App app(
      "torgd: Torg's all-in-one server. Serves every Torg service on one gRPC port, on an "
      "embedded event store, for one samordningsförbund. Stop it with SIGTERM or Ctrl-C.",
      "torgd");
  app.set_version_flag("--version", "torgd " TORG_VERSION);
  app.add_option("--data-dir", flags.data_directory,
                 "directory of the event store; created if missing")
      ->type_name("DIR")
      ->capture_default_str();
  app.add_option("--keys-dir", flags.keys_directory,
                 "directory of the master key and the lookup secret, created on first start "
                 "(mode 0700); back it up apart from the data")
      ->type_name("DIR")
      ->capture_default_str();
  app.add_option("--listen", flags.listen_address,
                 "address to serve gRPC on; port 0 picks a free port (the log names it)")
      ->type_name("HOST:PORT")
      ->check(HostPortValidator())
      ->capture_default_str();
  app.add_option("--config", flags.config_path,
                 "the förbund's configuration, in protobuf text format (see "
                 "deploy/config/umearegionen.textproto); the built-in Umeåregionen example when "
                 "omitted")
      ->type_name("FILE");
  app.add_option("--access-config", flags.access_config_path,
                 "trusted token issuers and certificate users, in protobuf text format (see "
                 "deploy/config/access.example.textproto); only torgd's own tokens (the admin "
                 "token in --keys-dir and those an admin issues) are trusted when omitted")
      ->type_name("FILE");
  app.add_option("--tls-cert", flags.tls_certificate_file,
                 "serve TLS with this certificate chain (PEM); without it torgd serves "
                 "plaintext, and only on a loopback address")
      ->type_name("FILE");
  app.add_option("--tls-key", flags.tls_private_key_file, "the private key of --tls-cert (PEM)")
      ->type_name("FILE");
  app.add_option("--client-ca", flags.client_ca_file,
                 "ask for client certificates signed by this CA (PEM) and map them to users "
                 "through --access-config (mTLS, e.g. SITHS)")
      ->type_name("FILE");
  app.add_flag("--require-client-cert", flags.require_client_certificate,
               "refuse connections without a valid client certificate");
  app.add_flag("--insecure-dev", flags.insecure_dev,
               "development only: calls without credentials act as a developer with every "
               "role, and plaintext is allowed on any address. Never with real data");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int cli_code = app.exit(error);
    result.exit_code = cli_code == 0 ? kExitOk : kExitUsage;
  }
  return result;
}

}  // namespace torg::torgd
