#include "services/edge/handler_pool.h"

#include <algorithm>
#include <utility>

namespace torg::edge {

HandlerPool::HandlerPool(HandlerPoolOptions options) : options_(options) {
  const int threads = std::max(1, options_.threads);
  threads_.reserve(static_cast<size_t>(threads));
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(); });
}

HandlerPool::~HandlerPool() { Stop(); }

bool HandlerPool::TrySchedule(std::function<void()> job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_ || jobs_.size() >= options_.max_queued) return false;
    jobs_.push_back(std::move(job));
  }
  ready_.notify_one();
  return true;
}

void HandlerPool::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  std::lock_guard<std::mutex> joining(join_mutex_);
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
}

size_t HandlerPool::queued() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return jobs_.size();
}

void HandlerPool::Work() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // Stopping, and nothing left to run.
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
  }
}

}  // namespace torg::edge
