#include "services/config/config_service.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "services/config/example_config.h"
#include "services/torgd/server.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace torg::config {
namespace {

using google::protobuf::util::MessageDifferencer;

// The real torgd server on a free loopback port, reached through a real
// channel, so the test covers what a client sees on the wire. Every role may
// read the configuration; the insecure-dev developer stands in for them
// (tests/access walks every role).
class ConfigServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(config_, LoadExampleForbundConfig());
    torgd::ServerOptions options;
    options.listen_address = "127.0.0.1:0";
    options.data_directory = dir_.Sub("data");
    options.keys_directory = dir_.Sub("keys");
    options.config = config_;
    options.durability = storage::Durability::kUnsyncedForTestsOnly;
    options.access.insecure_dev = true;
    ASSERT_OK_AND_ASSIGN(server_, torgd::TorgServer::Start(std::move(options)));
    stub_ = torg::v1::ConfigService::NewStub(
        grpc::CreateChannel(server_->listen_address(), grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown();
  }

  testing::TempDir dir_;
  torg::v1::ForbundConfig config_;
  std::unique_ptr<torgd::TorgServer> server_;
  std::unique_ptr<torg::v1::ConfigService::Stub> stub_;
};

TEST_F(ConfigServiceTest, GetConfigReturnsTheLoadedConfig) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  torg::v1::GetConfigResponse response;

  const grpc::Status status = stub_->GetConfig(&context, torg::v1::GetConfigRequest(), &response);

  ASSERT_TRUE(status.ok()) << status.error_code() << ": " << status.error_message();
  EXPECT_TRUE(MessageDifferencer::Equals(response.config(), config_));
  EXPECT_EQ(response.config().id(), "umearegionen");
  EXPECT_EQ(response.config().platforms_size(), 8);
}

TEST_F(ConfigServiceTest, AnswersManyConcurrentCallsTheSame) {
  constexpr int kCalls = 16;
  struct Call {
    grpc::ClientContext context;
    torg::v1::GetConfigResponse response;
    grpc::Status status;
  };
  const torg::v1::GetConfigRequest request;
  std::vector<std::unique_ptr<Call>> calls;
  std::mutex mutex;
  std::condition_variable all_done;
  int remaining = kCalls;
  for (int i = 0; i < kCalls; ++i) {
    auto call = std::make_unique<Call>();
    Call* raw = call.get();
    calls.push_back(std::move(call));
    stub_->async()->GetConfig(&raw->context, &request, &raw->response,
                              [&, raw](grpc::Status status) {
                                std::lock_guard<std::mutex> lock(mutex);
                                raw->status = std::move(status);
                                if (--remaining == 0) all_done.notify_one();
                              });
  }
  std::unique_lock<std::mutex> lock(mutex);
  ASSERT_TRUE(all_done.wait_for(lock, std::chrono::seconds(10), [&] { return remaining == 0; }));
  for (const auto& call : calls) {
    EXPECT_TRUE(call->status.ok()) << call->status.error_message();
    EXPECT_TRUE(MessageDifferencer::Equals(call->response.config(), config_));
  }
}

}  // namespace
}  // namespace torg::config
