// The global options as the command line and the environment give them.

#include "clients/torgctl/global_options.h"

#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "clients/torgctl/access_command.h"
#include "clients/torgctl/audit_command.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace torg::torgctl {
namespace {

using ::testing::HasSubstr;
using torg::testing::IsOk;
using torg::testing::StatusIs;
using torg::testing::TempDir;

// Sets (or, with nullopt, unsets) an environment variable until destroyed.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = std::getenv(name); old != nullptr) previous_ = old;
    if (value.has_value()) {
      ::setenv(name, value->c_str(), 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (previous_.has_value()) {
      ::setenv(name_, previous_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> previous_;
};

// torgctl's command line with the access and audit commands, parsed and
// finished as main does.
class CommandLine {
 public:
  CommandLine() : app_("torgctl", "torgctl") {
    app_.fallthrough();
    AddGlobalOptions(app_, invocation_.options, flags_);
    AddAccessCommands(app_, invocation_);
    AddAuditCommands(app_, invocation_);
  }

  // Parses `args` (without the program's name); throws CLI::ParseError as
  // CLI11 does, then finishes the global options.
  absl::Status Parse(std::vector<std::string> args) {
    args.insert(args.begin(), "torgctl");
    std::vector<const char*> argv;
    for (const auto& arg : args) argv.push_back(arg.c_str());
    app_.parse(static_cast<int>(argv.size()), argv.data());
    return FinishGlobalOptions(flags_, invocation_.options);
  }

  // The message CLI11 refuses `args` with; "" when it parses them.
  std::string ParseError(std::vector<std::string> args) {
    try {
      Parse(std::move(args)).IgnoreError();
    } catch (const CLI::ParseError& error) {
      return error.what();
    }
    return "";
  }

  const GlobalOptions& options() const { return invocation_.options; }

 private:
  CLI::App app_;
  Invocation invocation_;
  GlobalFlags flags_;
};

class GlobalOptionsTest : public ::testing::Test {
 protected:
  GlobalOptionsTest() {
    std::ofstream(dir_.Sub("token")) << "file.jwt\n";
    std::ofstream(dir_.Sub("admin.token")) << "admin.jwt\n";
  }

  TempDir dir_;
  // A test's outcome must not depend on the environment it runs in.
  ScopedEnv token_{"TORG_TOKEN", std::nullopt};
  ScopedEnv keys_dir_{"TORG_KEYS_DIR", std::nullopt};
  ScopedEnv purpose_{"TORG_PURPOSE", std::nullopt};
  ScopedEnv user_{"USER", "tester"};
};

TEST_F(GlobalOptionsTest, Defaults) {
  CommandLine line;
  ASSERT_THAT(line.Parse({"--keys-dir", dir_.path(), "whoami"}), IsOk());
  EXPECT_EQ(line.options().purpose, "handlaggning");
  EXPECT_EQ(line.options().user, "tester");
  EXPECT_FALSE(line.options().tls.enabled);
  EXPECT_EQ(line.options().token, "admin.jwt");
}

TEST_F(GlobalOptionsTest, TokenFileBeatsTorgTokenWhichBeatsTheKeysDirectory) {
  ScopedEnv token("TORG_TOKEN", "env.jwt");
  ScopedEnv keys("TORG_KEYS_DIR", dir_.path());
  CommandLine with_file;
  ASSERT_THAT(with_file.Parse({"whoami", "--token-file", dir_.Sub("token")}), IsOk());
  EXPECT_EQ(with_file.options().token, "file.jwt");
  CommandLine with_env;
  ASSERT_THAT(with_env.Parse({"whoami"}), IsOk());
  EXPECT_EQ(with_env.options().token, "env.jwt");
  EXPECT_EQ(with_env.options().token_origin, "TORG_TOKEN");
}

TEST_F(GlobalOptionsTest, KeysDirectoryFromTheEnvironment) {
  ScopedEnv keys("TORG_KEYS_DIR", dir_.path());
  CommandLine line;
  ASSERT_THAT(line.Parse({"whoami"}), IsOk());
  EXPECT_EQ(line.options().token, "admin.jwt");
  EXPECT_EQ(line.options().token_origin, "the admin token " + dir_.Sub("admin.token"));
}

TEST_F(GlobalOptionsTest, UnreadableTokenFileIsAUsageErrorNamingIt) {
  CommandLine line;
  EXPECT_THAT(line.Parse({"--token-file", dir_.Sub("nope"), "whoami"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("cannot read the token file " + dir_.Sub("nope"))));
}

TEST_F(GlobalOptionsTest, NoTokenExcludesTokenFile) {
  CommandLine line;
  EXPECT_THAT(line.ParseError({"--no-token", "--token-file", dir_.Sub("token"), "whoami"}),
              HasSubstr("excludes"));
  CommandLine alone;
  ScopedEnv token("TORG_TOKEN", "env.jwt");
  ASSERT_THAT(alone.Parse({"--no-token", "whoami"}), IsOk());
  EXPECT_EQ(alone.options().token, "");
}

TEST_F(GlobalOptionsTest, PurposeFromFlagOrEnvironmentInItsMetadataForm) {
  {
    ScopedEnv purpose("TORG_PURPOSE", "uppföljning");
    CommandLine from_env;
    ASSERT_THAT(from_env.Parse({"--no-token", "whoami"}), IsOk());
    EXPECT_EQ(from_env.options().purpose, "uppf%C3%B6ljning");
    CommandLine flag_wins;
    ASSERT_THAT(flag_wins.Parse({"--no-token", "--purpose", "tillsyn", "whoami"}), IsOk());
    EXPECT_EQ(flag_wins.options().purpose, "tillsyn");
  }
  CommandLine empty;
  EXPECT_THAT(empty.ParseError({"--no-token", "--purpose", "", "whoami"}),
              HasSubstr("the purpose is empty"));
  CommandLine overlong;
  EXPECT_THAT(overlong.ParseError({"--no-token", "--purpose", std::string(501, 'x'), "whoami"}),
              HasSubstr("at most 500"));
}

TEST_F(GlobalOptionsTest, TlsFlagsAreChecked) {
  CommandLine name_only;
  EXPECT_THAT(name_only.Parse({"--no-token", "--tls-server-name", "torgd.test", "whoami"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("needs TLS")));
  CommandLine cert_only;
  EXPECT_THAT(cert_only.Parse({"--no-token", "--tls-cert", dir_.Sub("token"), "whoami"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("go together")));
  CommandLine tls;
  ASSERT_THAT(tls.Parse({"--no-token", "whoami", "--tls", "--tls-server-name", "torgd.test"}),
              IsOk());
  EXPECT_TRUE(tls.options().tls.enabled);
  EXPECT_EQ(tls.options().tls.server_name, "torgd.test");
}

TEST_F(GlobalOptionsTest, TokenIssueChecksRolesAndLifetime) {
  CommandLine good;
  EXPECT_EQ(good.ParseError({"--no-token", "token", "issue", "--user-id", "anna", "--role",
                             "coordinator,party-officer", "--platform", "ungdomstorget",
                             "--lifetime", "30m"}),
            "");
  CommandLine no_role;
  EXPECT_THAT(no_role.ParseError({"--no-token", "token", "issue", "--user-id", "anna"}),
              HasSubstr("--role is required"));
  CommandLine bad_role;
  EXPECT_THAT(
      bad_role.ParseError({"--no-token", "token", "issue", "--user-id", "anna", "--role", "boss"}),
      HasSubstr("'boss' is not a role"));
  CommandLine bad_lifetime;
  EXPECT_THAT(bad_lifetime.ParseError({"--no-token", "token", "issue", "--user-id", "anna",
                                       "--role", "auditor", "--lifetime", "1 week"}),
              HasSubstr("is not a lifetime"));
}

TEST_F(GlobalOptionsTest, AuditOptionsAreChecked) {
  CommandLine good;
  EXPECT_EQ(good.ParseError({"--no-token", "audit", "query", "--from", "2026-03-01", "--to",
                             "2026-03-31T12:00:00Z", "--user-id", "anna", "--page-size", "10"}),
            "");
  CommandLine bad_time;
  EXPECT_THAT(bad_time.ParseError({"--no-token", "audit", "query", "--from", "yesterday"}),
              HasSubstr("is not a time"));
  CommandLine bad_anchor;
  EXPECT_THAT(bad_anchor.ParseError({"--no-token", "audit", "verify", "--anchor", "12"}),
              HasSubstr("SEQ:HEX"));
  CommandLine anchor;
  EXPECT_EQ(anchor.ParseError({"--no-token", "audit", "verify", "--anchor", "12:ABCDEF"}), "");
}

}  // namespace
}  // namespace torg::torgctl
