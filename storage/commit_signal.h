#ifndef TORG_STORAGE_COMMIT_SIGNAL_H_
#define TORG_STORAGE_COMMIT_SIGNAL_H_

// The position up to which the log is committed (durable and readable), and
// a way to wait for it to move. The writer publishes; subscriptions wait.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace torg::storage {

class CommitSignal {
 public:
  explicit CommitSignal(uint64_t last_committed) : last_committed_(last_committed) {}

  // Called by the writer after a batch is durable and visible to readers.
  void Publish(uint64_t last_committed) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      last_committed_ = last_committed;
    }
    changed_.notify_all();
  }

  uint64_t last_committed() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return last_committed_;
  }

  // Blocks until the committed position passes `position` or `stop` is set
  // (whoever sets it calls Wake afterwards).
  void WaitBeyond(uint64_t position, const std::atomic<bool>& stop) const {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return last_committed_ > position || stop.load(); });
  }

  // Wakes every waiter so it rechecks its stop flag.
  void Wake() const {
    { std::lock_guard<std::mutex> lock(mutex_); }
    changed_.notify_all();
  }

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  uint64_t last_committed_;
};

}  // namespace torg::storage

#endif  // TORG_STORAGE_COMMIT_SIGNAL_H_
