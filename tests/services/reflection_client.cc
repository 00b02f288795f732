#include "tests/services/reflection_client.h"

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "absl/status/status.h"

namespace torg::testing {
namespace {

// Fields of grpc.reflection.v1alpha.ServerReflectionRequest.
constexpr int kFileContainingSymbolField = 4;
constexpr int kListServicesField = 7;

constexpr char kMethod[] = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";

// The protobuf wire form of one length-delimited field.
std::string LengthDelimitedField(int field_number, const std::string& value) {
  std::string bytes(1, static_cast<char>(field_number << 3 | 2));
  for (size_t length = value.size();; length >>= 7) {
    const bool more = length >= 0x80;
    bytes.push_back(static_cast<char>((length & 0x7f) | (more ? 0x80 : 0)));
    if (!more) break;
  }
  return bytes + value;
}

// One ServerReflectionInfo exchange: sends one request, collects the raw
// responses until the server ends the stream.
class ReflectionExchange : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  ReflectionExchange(grpc::GenericStub& stub, const std::string& request_bytes) {
    grpc::Slice slice(request_bytes);
    request_ = grpc::ByteBuffer(&slice, 1);
    context_.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    stub.PrepareBidiStreamingCall(&context_, kMethod, grpc::StubOptions(), this);
    StartWrite(&request_);
    StartRead(&response_);
    StartCall();
  }

  void OnWriteDone(bool /*ok*/) override { StartWritesDone(); }

  void OnReadDone(bool ok) override {
    if (!ok) return;
    std::vector<grpc::Slice> slices;
    if (response_.Dump(&slices).ok()) {
      for (const grpc::Slice& slice : slices) {
        received_.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
      }
    }
    StartRead(&response_);
  }

  void OnDone(const grpc::Status& status) override {
    std::lock_guard<std::mutex> lock(mutex_);
    status_ = status;
    done_ = true;
    done_changed_.notify_all();
  }

  absl::StatusOr<std::string> Await() {
    std::unique_lock<std::mutex> lock(mutex_);
    done_changed_.wait(lock, [this] { return done_; });
    if (!status_.ok()) {
      return absl::Status(static_cast<absl::StatusCode>(status_.error_code()),
                          status_.error_message());
    }
    return received_;
  }

 private:
  grpc::ClientContext context_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer response_;
  std::string received_;
  std::mutex mutex_;
  std::condition_variable done_changed_;
  grpc::Status status_;
  bool done_ = false;
};

absl::StatusOr<std::string> Exchange(const std::string& address, const std::string& request) {
  grpc::GenericStub stub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  ReflectionExchange exchange(stub, request);
  return exchange.Await();
}

}  // namespace

absl::StatusOr<std::string> ListServicesByReflection(const std::string& address) {
  return Exchange(address, LengthDelimitedField(kListServicesField, "*"));
}

absl::StatusOr<std::string> FileContainingSymbolByReflection(const std::string& address,
                                                             const std::string& symbol) {
  return Exchange(address, LengthDelimitedField(kFileContainingSymbolField, symbol));
}

}  // namespace torg::testing
