#include "storage/subscription_worker.h"

#include <utility>

namespace torg::storage {
namespace {
// Events read per chunk while catching up: large enough to amortise the
// iterator, small enough to bound memory per subscription.
constexpr size_t kChunkSize = 512;
}  // namespace

SubscriptionWorker::SubscriptionWorker(uint64_t from_position, EventHandler handler,
                                       LogReader reader, std::shared_ptr<const CommitSignal> signal)
    : handler_(std::move(handler)),
      reader_(std::move(reader)),
      signal_(std::move(signal)),
      next_position_(from_position == 0 ? 1 : from_position),
      thread_([this] { Run(); }) {}

SubscriptionWorker::~SubscriptionWorker() { Stop(); }

void SubscriptionWorker::Stop() {
  stop_.store(true);
  signal_->Wake();
  std::lock_guard<std::mutex> lock(mutex_);
  if (!thread_.joinable()) return;
  if (thread_.get_id() == std::this_thread::get_id()) {
    thread_.detach();  // Stopped from inside the handler: it returns by itself.
  } else {
    thread_.join();
  }
}

absl::Status SubscriptionWorker::status() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return status_;
}

void SubscriptionWorker::Run() {
  absl::Status ended = DeliverUntilStopped();
  if (!ended.ok()) {
    std::lock_guard<std::mutex> lock(mutex_);
    status_ = std::move(ended);
  }
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
