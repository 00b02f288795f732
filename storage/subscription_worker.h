#ifndef TORG_STORAGE_SUBSCRIPTION_WORKER_H_
#define TORG_STORAGE_SUBSCRIPTION_WORKER_H_

// Delivers the log from a position on, on a thread of its own: it reads
// committed events in chunks and, once caught up, waits for the commit
// signal to move. Catch-up and live delivery are the same loop over one
// cursor, so the switch between them can neither skip nor repeat an event.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "storage/commit_signal.h"
#include "storage/event_store.h"

namespace torg::storage {

class SubscriptionWorker {
 public:
  // Reads committed events with position >= from, at most limit.
  using LogReader =
      std::function<absl::StatusOr<std::vector<RecordedEvent>>(uint64_t from, size_t limit)>;

  // Starts delivering at once.
  SubscriptionWorker(uint64_t from_position, EventHandler handler, LogReader reader,
                     std::shared_ptr<const CommitSignal> signal);
  ~SubscriptionWorker();
  SubscriptionWorker(const SubscriptionWorker&) = delete;
  SubscriptionWorker& operator=(const SubscriptionWorker&) = delete;

  // Stops delivery and waits until the handler is no longer running. Safe to
  // call more than once and from several threads; called from the handler
  // itself it stops without waiting.
  void Stop();

  uint64_t next_position() const { return next_position_.load(); }
  absl::Status status() const;

 private:
  void Run();
  absl::Status DeliverUntilStopped();

  EventHandler handler_;
  LogReader reader_;
  std::shared_ptr<const CommitSignal> signal_;
  std::atomic<uint64_t> next_position_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;  // Guards status_ and thread_'s joining.
  absl::Status status_;
  std::thread thread_;
};

}  // namespace torg::storage

#endif  // TORG_STORAGE_SUBSCRIPTION_WORKER_H_
