#include "storage/subscription_worker.h"

#include <utility>

namespace torg::storage {
namespace {
// Events read per chunk while catching up: large enough to amortise the
// iterator, small enough to bound memory per subscription.
constexpr size_t kChunkSize = 512;
}  // namespace

std::shared_ptr<SubscriptionWorker> SubscriptionWorker::Start(
    uint64_t from_position, EventHandler handler, LogReader reader,
    std::shared_ptr<const CommitSignal> signal) {
  std::shared_ptr<SubscriptionWorker> worker(new SubscriptionWorker(
      from_position, std::move(handler), std::move(reader), std::move(signal)));
  std::lock_guard<std::mutex> lock(worker->join_mutex_);
  worker->thread_ = std::thread([self = worker]() mutable {
    self->Run();
    self.reset();  // May destroy the worker here, on its own thread.
  });
  return worker;
}

SubscriptionWorker::SubscriptionWorker(uint64_t from_position, EventHandler handler,
                                       LogReader reader, std::shared_ptr<const CommitSignal> signal)
    : handler_(std::move(handler)),
      reader_(std::move(reader)),
      signal_(std::move(signal)),
      next_position_(from_position == 0 ? 1 : from_position) {}

SubscriptionWorker::~SubscriptionWorker() {
  // Only the last reference gets here. If that was the thread's own, the
  // thread is returning and must not join itself; otherwise it has already
  // released its reference and is about to exit.
  if (!thread_.joinable()) return;
  if (thread_.get_id() == std::this_thread::get_id()) {
    thread_.detach();
  } else {
    thread_.join();
  }
}

void SubscriptionWorker::Stop(absl::Status reason) {
  if (!reason.ok()) EndWith(std::move(reason));
  stop_.store(true);
  signal_->Wake();
  std::lock_guard<std::mutex> lock(join_mutex_);
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

absl::Status SubscriptionWorker::status() const {
  std::lock_guard<std::mutex> lock(status_mutex_);
  return status_;
}

void SubscriptionWorker::EndWith(absl::Status status) {
  std::lock_guard<std::mutex> lock(status_mutex_);
  if (status_.ok()) status_ = std::move(status);
}

void SubscriptionWorker::Run() {
  absl::Status ended = DeliverUntilStopped();
  if (!ended.ok()) EndWith(std::move(ended));
}

absl::Status SubscriptionWorker::DeliverUntilStopped() {
  while (!stop_.load()) {
    const uint64_t next = next_position_.load();
    absl::StatusOr<std::vector<RecordedEvent>> chunk = reader_(next, kChunkSize);
    if (!chunk.ok()) return chunk.status();
    if (chunk->empty()) {
      signal_->WaitBeyond(next - 1, stop_);
      continue;
    }
    for (const RecordedEvent& event : *chunk) {
      if (stop_.load()) return absl::OkStatus();
      if (absl::Status handled = handler_(event); !handled.ok()) return handled;
      next_position_.store(event.position + 1);
    }
  }
  return absl::OkStatus();
}

}  // namespace torg::storage
