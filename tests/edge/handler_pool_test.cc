// The handler pool: every scheduled job runs, a full queue refuses at once,
// and stopping runs what was queued and refuses what comes after.

#include "services/edge/handler_pool.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "gtest/gtest.h"

namespace torg::edge {
namespace {

// Holds every job that waits on it until Open.
class Gate {
 public:
  void Wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    opened_.wait(lock, [this] { return open_; });
  }
  void Open() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      open_ = true;
    }
    opened_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable opened_;
  bool open_ = false;
};

TEST(HandlerPoolTest, RunsEveryJobScheduled) {
  std::atomic<int> ran{0};
  {
    HandlerPool pool(HandlerPoolOptions{4, 1000});
    for (int i = 0; i < 500; ++i) ASSERT_TRUE(pool.TrySchedule([&ran] { ++ran; }));
  }  // The destructor stops the pool: the queued jobs run first.
  EXPECT_EQ(ran.load(), 500);
}

TEST(HandlerPoolTest, AFullQueueRefusesAtOnce) {
  HandlerPool pool(HandlerPoolOptions{1, 2});
  Gate gate;
  std::atomic<int> started{0};
  ASSERT_TRUE(pool.TrySchedule([&] {
    ++started;
    gate.Wait();
  }));
  while (started.load() == 0) std::this_thread::yield();  // The one thread is busy.
  EXPECT_TRUE(pool.TrySchedule([] {}));
  EXPECT_TRUE(pool.TrySchedule([] {}));
  EXPECT_EQ(pool.queued(), 2u);
  bool ran_refused = false;
  EXPECT_FALSE(pool.TrySchedule([&ran_refused] { ran_refused = true; }));
  gate.Open();
  pool.Stop();
  EXPECT_FALSE(ran_refused);
  EXPECT_EQ(pool.queued(), 0u);
}

TEST(HandlerPoolTest, AStoppedPoolRefusesNewJobs) {
  HandlerPool pool(HandlerPoolOptions{2, 10});
  pool.Stop();
  pool.Stop();  // Idempotent.
  EXPECT_FALSE(pool.TrySchedule([] {}));
}

}  // namespace
}  // namespace torg::edge
