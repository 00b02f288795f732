#ifndef TORG_STORAGE_SUBSCRIPTION_WORKER_H_
#define TORG_STORAGE_SUBSCRIPTION_WORKER_H_

// Delivers the log from a position on, on a thread of its own: it reads
// committed events in chunks and, once caught up, waits for the commit
// signal to move. Catch-up and live delivery are the same loop over one
// cursor, so the switch between them can neither skip nor repeat an event.
//
// The thread holds a reference to its worker, so a handler may drop the last
// handle of its own subscription: the worker lives until the thread is done.

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

class SubscriptionWorker : public std::enable_shared_from_this<SubscriptionWorker> {
 public:
  // Reads committed events with position >= from, at most limit.
  using LogReader =
      std::function<absl::StatusOr<std::vector<RecordedEvent>>(uint64_t from, size_t limit)>;

  // Creates the worker and starts delivering at once.
  static std::shared_ptr<SubscriptionWorker> Start(uint64_t from_position, EventHandler handler,
                                                   LogReader reader,
                                                   std::shared_ptr<const CommitSignal> signal);
  ~SubscriptionWorker();
  SubscriptionWorker(const SubscriptionWorker&) = delete;
  SubscriptionWorker& operator=(const SubscriptionWorker&) = delete;

  // Stops delivery. From any thread but the worker's own, returns once the
  // handler is no longer running; from inside the handler, returns at once
  // and delivery ends when the handler returns. A non-OK `reason` becomes
  // the subscription's status unless it already ended with an error. Safe to
  // call more than once and from several threads.
  void Stop(absl::Status reason = absl::OkStatus());

  uint64_t next_position() const { return next_position_.load(); }
  absl::Status status() const;

 private:
  SubscriptionWorker(uint64_t from_position, EventHandler handler, LogReader reader,
                     std::shared_ptr<const CommitSignal> signal);
  void Run();
  absl::Status DeliverUntilStopped();
  void EndWith(absl::Status status);

  EventHandler handler_;
  LogReader reader_;
  std::shared_ptr<const CommitSignal> signal_;
  std::atomic<uint64_t> next_position_;
  std::atomic<bool> stop_{false};
  // Guards status_ only; never held while the handler runs or while joining.
  mutable std::mutex status_mutex_;
  absl::Status status_;
  // Serialises joining the thread. Never taken by the thread itself.
  std::mutex join_mutex_;
  std::thread thread_;
};

}  // namespace torg::storage

#endif  // TORG_STORAGE_SUBSCRIPTION_WORKER_H_
