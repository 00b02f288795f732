#ifndef TORG_SERVICES_EDGE_HANDLER_POOL_H_
#define TORG_SERVICES_EDGE_HANDLER_POOL_H_

// The threads Torg's handlers run on (edge::ServeRead, and the streaming
// SUS exports' work before they stream). gRPC's callback API runs a
// handler on one of its few event threads (about one per core), which must
// not block; a command blocks until its append is synced. Run there, a
// 2-core server could have only two or three commands waiting for the disk
// at once, and the store's group commit would have nothing to group. So the
// edge hands each call to this pool and answers from it when done, and the
// event threads stay free to take the next calls.
//
// The queue is bounded: a call that finds it full is refused at once
// (RESOURCE_EXHAUSTED from the edge) instead of waiting behind everyone.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace torg::edge {

struct HandlerPoolOptions {
  // Handlers running at once. Most of them wait for the disk, so many more
  // than the cores: enough for a full group commit.
  int threads = 128;
  // Calls waiting for a thread, beyond which new calls are refused.
  size_t max_queued = 4096;
};

class HandlerPool {
 public:
  explicit HandlerPool(HandlerPoolOptions options);
  // Stop().
  ~HandlerPool();
  HandlerPool(const HandlerPool&) = delete;
  HandlerPool& operator=(const HandlerPool&) = delete;

  // Queues `job` to run on a pool thread. False, and `job` dropped unrun,
  // when max_queued jobs are already waiting or the pool is stopping.
  bool TrySchedule(std::function<void()> job);

  // Runs every job already queued, then joins the threads. Later
  // TrySchedule calls return false. Idempotent and thread-safe; must not be
  // called from a job.
  void Stop();

  // Jobs waiting for a thread now.
  size_t queued() const;

 private:
  void Work();

  const HandlerPoolOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  // Held while joining, so that concurrent Stop calls join once.
  std::mutex join_mutex_;
  std::vector<std::thread> threads_;
};

}  // namespace torg::edge

#endif  // TORG_SERVICES_EDGE_HANDLER_POOL_H_
