#include <grpcpp/grpcpp.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "services/config/example_config.h"
#include "services/torgd/host_port.h"
#include "services/torgd/server.h"
#include "tests/services/reflection_client.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"
#include "torg/v1/config_service.grpc.pb.h"

namespace torg::torgd {
namespace {

using grpc::health::v1::HealthCheckResponse;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::torg::testing::FileContainingSymbolByReflection;
using ::torg::testing::IsOk;
using ::torg::testing::IsOkAndHolds;
using ::torg::testing::ListServicesByReflection;
using ::torg::testing::StatusIs;

std::chrono::system_clock::time_point SecondsFromNow(int seconds) {
  return std::chrono::system_clock::now() + std::chrono::seconds(seconds);
}

ServerOptions OptionsFor(const std::string& directory, std::string listen = "127.0.0.1:0") {
  ServerOptions options;
  options.listen_address = std::move(listen);
  options.data_directory = directory;
  options.keys_directory = directory + "-keys";
  options.config = config::LoadExampleForbundConfig().value();
  options.access.insecure_dev = true;
  return options;
}

std::shared_ptr<grpc::Channel> ChannelTo(const TorgServer& server) {
  return grpc::CreateChannel(server.listen_address(), grpc::InsecureChannelCredentials());
}

absl::StatusOr<HealthCheckResponse::ServingStatus> CheckHealth(const TorgServer& server) {
  auto stub = grpc::health::v1::Health::NewStub(ChannelTo(server));
  grpc::ClientContext context;
  context.set_deadline(SecondsFromNow(5));
  HealthCheckResponse response;
  const grpc::Status status =
      stub->Check(&context, grpc::health::v1::HealthCheckRequest(), &response);
  if (!status.ok()) return absl::UnavailableError(status.error_message());
  return response.status();
}

TEST(TorgServerTest, RefusesToStartOnAStoreWithDataWhenItsKeysAreMissing) {
  torg::testing::TempDir dir;
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<TorgServer> server,
                         TorgServer::Start(OptionsFor(dir.Sub("data"))));
    ASSERT_OK(server->store()
                  .Append(storage::AppendRequest::ToStream(
                      "r-1", "any-stream", 0, {storage::NewEvent{"torg.test.Event", "x", ""}}))
                  .status());
  }
  std::filesystem::remove_all(dir.Sub("data") + "-keys");
  // A fresh key would leave every participant unreadable: refuse instead,
  // and create nothing.
  EXPECT_THAT(TorgServer::Start(OptionsFor(dir.Sub("data"))),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("holds data"), HasSubstr("--keys-dir"))));
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("data") + "-keys/master.key"));

  // An empty store gets its keys made on first start.
  torg::testing::TempDir fresh;
  ASSERT_OK(TorgServer::Start(OptionsFor(fresh.Sub("data"))).status());
  EXPECT_TRUE(std::filesystem::exists(fresh.Sub("data") + "-keys/master.key"));
}

TEST(TorgServerTest, ServesHealthAndConfigOnTheBoundPort) {
  torg::testing::TempDir dir;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<TorgServer> server,
                       TorgServer::Start(OptionsFor(dir.Sub("data"))));
  EXPECT_GT(server->port(), 0);
  EXPECT_EQ(server->listen_address(), absl::StrCat("127.0.0.1:", server->port()));
  EXPECT_EQ(server->start_position(), 0u);
  EXPECT_THAT(CheckHealth(*server), IsOkAndHolds(HealthCheckResponse::SERVING));

  auto config_stub = torg::v1::ConfigService::NewStub(ChannelTo(*server));
  grpc::ClientContext context;
  context.set_deadline(SecondsFromNow(5));
  torg::v1::GetConfigResponse response;
  ASSERT_TRUE(config_stub->GetConfig(&context, torg::v1::GetConfigRequest(), &response).ok());
  EXPECT_EQ(response.config().id(), "umearegionen");
}

TEST(TorgServerTest, ReflectionListsAndDescribesEveryService) {
  torg::testing::TempDir dir;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<TorgServer> server,
                       TorgServer::Start(OptionsFor(dir.Sub("data"))));

  ASSERT_OK_AND_ASSIGN(const std::string services,
                       ListServicesByReflection(server->listen_address()));
  EXPECT_THAT(services, HasSubstr("torg.v1.ConfigService"));
  EXPECT_THAT(services, HasSubstr("grpc.health.v1.Health"));

  ASSERT_OK_AND_ASSIGN(
      const std::string health_file,
      FileContainingSymbolByReflection(server->listen_address(), "grpc.health.v1.Health"));
  EXPECT_THAT(health_file, HasSubstr("grpc/health/v1/health.proto"));
  ASSERT_OK_AND_ASSIGN(
      const std::string config_file,
      FileContainingSymbolByReflection(server->listen_address(), "torg.v1.ConfigService"));
  EXPECT_THAT(config_file, HasSubstr("torg/v1/config_service.proto"));
}

TEST(TorgServerTest, ShutdownClosesThePortAndReleasesTheStore) {
  torg::testing::TempDir dir;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<TorgServer> server,
                       TorgServer::Start(OptionsFor(dir.Sub("data"))));
  const std::string address = server->listen_address();
  server->Shutdown(absl::Seconds(1));
  server->Shutdown();  // idempotent

  auto stub = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(SecondsFromNow(2));
  HealthCheckResponse response;
  EXPECT_FALSE(stub->Check(&context, grpc::health::v1::HealthCheckRequest(), &response).ok());

  ASSERT_OK_AND_ASSIGN(std::unique_ptr<TorgServer> restarted,
                       TorgServer::Start(OptionsFor(dir.Sub("data"))));
  EXPECT_THAT(CheckHealth(*restarted), IsOkAndHolds(HealthCheckResponse::SERVING));
}

TEST(TorgServerTest, SecondServerOnTheSameDataDirectoryIsRefused) {
  torg::testing::TempDir dir;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<TorgServer> first,
                       TorgServer::Start(OptionsFor(dir.Sub("data"))));
  EXPECT_THAT(TorgServer::Start(OptionsFor(dir.Sub("data"))),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(CheckHealth(*first), IsOkAndHolds(HealthCheckResponse::SERVING));
}

TEST(TorgServerTest, BusyPortIsUnavailable) {
  torg::testing::TempDir dir;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<TorgServer> first,
                       TorgServer::Start(OptionsFor(dir.Sub("first"))));
  EXPECT_THAT(TorgServer::Start(OptionsFor(dir.Sub("second"), first->listen_address())),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr(first->listen_address())));
}

TEST(TorgServerTest, MalformedListenAddressIsInvalidArgument) {
  torg::testing::TempDir dir;
  EXPECT_THAT(TorgServer::Start(OptionsFor(dir.Sub("data"), "7070")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("HOST:PORT")));
}

struct HostPortCase {
  std::string text;
  bool valid;
  std::string host;
  int port;
};

class ParseHostPortTest : public ::testing::TestWithParam<HostPortCase> {};

TEST_P(ParseHostPortTest, SplitsOrRefuses) {
  const HostPortCase& example = GetParam();
  const absl::StatusOr<HostPort> parsed = ParseHostPort(example.text);
  if (!example.valid) {
    EXPECT_THAT(parsed, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(example.text)));
    return;
  }
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(parsed->host, example.host);
  EXPECT_EQ(parsed->port, example.port);
  EXPECT_EQ(FormatHostPort(*parsed), example.text);
}

INSTANTIATE_TEST_SUITE_P(Examples, ParseHostPortTest,
                         ::testing::Values(HostPortCase{"127.0.0.1:7070", true, "127.0.0.1", 7070},
                                           HostPortCase{"localhost:0", true, "localhost", 0},
                                           HostPortCase{"[::1]:7070", true, "[::1]", 7070},
                                           HostPortCase{"0.0.0.0:65535", true, "0.0.0.0", 65535},
                                           HostPortCase{"7070", false, "", 0},
                                           HostPortCase{":7070", false, "", 0},
                                           HostPortCase{"::1:7070", false, "", 0},
                                           HostPortCase{"localhost:", false, "", 0},
                                           HostPortCase{"localhost:65536", false, "", 0},
                                           HostPortCase{"localhost:-1", false, "", 0},
                                           HostPortCase{"localhost:70x", false, "", 0}));

}  // namespace
}  // namespace torg::torgd
