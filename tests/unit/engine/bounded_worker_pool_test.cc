// BoundedWorkerPool: at most workers + maxQueued jobs admitted, never blocking; stop() cancels the queue
// and waits for running jobs.
#include "engine/src/http/bounded_worker_pool.h"

#include <atomic>
#include <chrono>
#include <future>

#include <gtest/gtest.h>

namespace georep::engine {
namespace {

TEST(BoundedWorkerPool, RefusesBeyondWorkersPlusQueueAndCancelsTheQueueOnStop) {
  BoundedWorkerPool pool(2, 3);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> ran{0}, cancelled{0};
  auto job = [&](bool wasCancelled) {
    if (wasCancelled) {
      ++cancelled;
      return;
    }
    released.wait();
    ++ran;
  };
  int admitted = 0;
  for (int i = 0; i < 10; ++i) admitted += pool.trySubmit(job) ? 1 : 0;
  EXPECT_EQ(admitted, 5);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (pool.running() < 2 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_EQ(pool.running(), 2u);
  EXPECT_EQ(pool.queued(), 3u);
  auto stopped = std::async(std::launch::async, [&] { pool.stop(); });
  EXPECT_EQ(stopped.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout);  // running ones hold it
  release.set_value();
  stopped.get();
  EXPECT_EQ(ran, 2);
  EXPECT_EQ(cancelled, 3);
  EXPECT_FALSE(pool.trySubmit(job));
}

TEST(BoundedWorkerPool, CallsEveryAdmittedJobExactlyOnce) {
  BoundedWorkerPool pool(3, 100);
  std::atomic<int> ran{0}, cancelled{0};
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(pool.trySubmit([&](bool c) { ++(c ? cancelled : ran); }));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (ran < 25 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  pool.stop();  // whatever had not started by now is cancelled, not dropped
  EXPECT_GE(ran, 25);
  EXPECT_EQ(ran + cancelled, 50);
}

}  // namespace
}  // namespace georep::engine
