// torg_bench_echo: the transport ceiling of the benchmarks. `serve` runs a
// bare gRPC echo server built like torgd (callback API, plaintext, one
// port); `drive` calls it from N threads with blocking stubs, each call
// carrying the payload size of a torgd command, as torg_loadgen calls torgd.
// Prints throughput and latency as JSON.

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <csignal>
#include <iostream>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "tests/bench/closed_loop.h"
#include "torg/bench/v1/echo_service.grpc.pb.h"

namespace torg::bench {
namespace {

class EchoService final : public v1::EchoService::CallbackService {
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context,
                                 const v1::EchoRequest* request,
                                 v1::EchoResponse* response) override {
    response->set_payload(request->payload());
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

int Serve(const std::string& address) {
  EchoService service;
  grpc::ServerBuilder builder;
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  int port = 0;
  builder.AddListeningPort(address, grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  const std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server) {
    std::cerr << "torg_bench_echo: cannot listen on " << address << "\n";
    return 1;
  }
  std::cout << "listening on port " << port << std::endl;
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  int received = 0;
  sigwait(&signals, &received);
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
  return 0;
}

int Drive(const std::string& address, int threads, int payload_bytes, double seconds) {
  grpc::ChannelArguments arguments;
  arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  const auto channel =
      grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), arguments);
  const auto stub = v1::EchoService::NewStub(channel);
  v1::EchoRequest request;
  request.set_payload(std::string(static_cast<size_t>(payload_bytes), 'x'));
  return RunClosedLoop(ClosedLoop{threads, seconds, payload_bytes, "calls"}, [&](int) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    // Waits for the server to be up rather than failing the first calls.
    context.set_wait_for_ready(true);
    v1::EchoResponse response;
    return stub->Echo(&context, request, &response).ok();
  });
}

}  // namespace
}  // namespace torg::bench

int main(int argc, char** argv) {
  CLI::App app{"The transport ceiling: a bare gRPC echo server, and its driver."};
  app.require_subcommand(1);
  std::string address = "127.0.0.1:7090";
  int threads = 64;
  int payload_bytes = 300;
  double seconds = 10;
  CLI::App* serve = app.add_subcommand("serve", "serve EchoService until SIGINT/SIGTERM");
  serve->add_option("--listen", address, "HOST:PORT")->capture_default_str();
  CLI::App* drive = app.add_subcommand("drive", "call Echo from N threads; print JSON");
  drive->add_option("--server", address, "HOST:PORT")->capture_default_str();
  drive->add_option("--threads", threads, "calls in flight")->capture_default_str();
  drive->add_option("--payload-bytes", payload_bytes, "bytes of each request and answer")
      ->capture_default_str();
  drive->add_option("--seconds", seconds, "how long to drive")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (serve->parsed()) return torg::bench::Serve(address);
  return torg::bench::Drive(address, threads, payload_bytes, seconds);
}
