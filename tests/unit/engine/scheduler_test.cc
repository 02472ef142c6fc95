// EngineScheduler: no overlap of a slow job, a failing job retried, a correlation id per run, reset
// waiting for a running invocation, prompt stop. Waits are bounded by generous deadlines that only
// matter when the scheduler is broken; nothing asserts on how fast a run happens.
#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "engine/src/common/correlation.h"
#include "engine/src/scheduler/engine_scheduler.h"
#include "engine/src/scheduler/jitter.h"

namespace georep::engine {
namespace {

using namespace std::chrono_literals;

constexpr auto kDeadline = 30s;  // only reached when the scheduler is broken

// Counts runs; lets the test wait for a number of them.
class RunCounter {
 public:
  void hit() {
    std::lock_guard lock(mutex_);
    ++count_;
    changed_.notify_all();
  }
  bool waitFor(int n) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kDeadline, [&] { return count_ >= n; });
  }
  int count() {
    std::lock_guard lock(mutex_);
    return count_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int count_ = 0;
};

api::JobSpec job(std::string name, std::chrono::milliseconds interval, std::function<void()> run,
                 bool runImmediately = true) {
  api::JobSpec spec;
  spec.name = std::move(name);
  spec.interval = interval;
  spec.runImmediately = runImmediately;
  spec.run = std::move(run);
  return spec;
}

TEST(Scheduler, SlowJobNeverOverlapsItself) {
  EngineScheduler scheduler(4);
  std::atomic<int> inside{0};
  std::atomic<int> maxInside{0};
  RunCounter runs;
  // The period (1 ms) is far shorter than a run (20 ms): with 4 idle workers, any overlap would show.
  auto reg = scheduler.schedule(job("test.slow", 1ms, [&] {
    const int now = ++inside;
    int seen = maxInside.load();
    while (now > seen && !maxInside.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(20ms);
    --inside;
    runs.hit();
  }));
  ASSERT_TRUE(runs.waitFor(5));
  reg.reset();
  EXPECT_EQ(maxInside.load(), 1);
}

TEST(Scheduler, FailingJobIsRetriedNextPeriodAndOthersKeepRunning) {
  EngineScheduler scheduler(2);
  RunCounter attempts;
  RunCounter successes;
  RunCounter other;
  auto failing = scheduler.schedule(job("test.flaky", 1ms, [&] {
    attempts.hit();
    if (attempts.count() <= 2) throw std::runtime_error("glusterd unreachable");
    if (attempts.count() == 3) throw 7;  // not even a std::exception
    successes.hit();
  }));
  auto healthy = scheduler.schedule(job("test.other", 1ms, [&] { other.hit(); }));
  EXPECT_TRUE(successes.waitFor(1));
  EXPECT_GE(attempts.count(), 4);
  EXPECT_TRUE(other.waitFor(3));
}

TEST(Scheduler, EachRunHasItsOwnCorrelationId) {
  EngineScheduler scheduler(1);
  std::mutex mutex;
  std::vector<std::string> ids;
  RunCounter runs;
  auto reg = scheduler.schedule(job("test.ids", 1ms, [&] {
    {
      std::lock_guard lock(mutex);
      ids.push_back(currentCorrelationId());
    }
    runs.hit();
  }));
  ASSERT_TRUE(runs.waitFor(3));
  reg.reset();
  std::lock_guard lock(mutex);
  std::set<std::string> distinct(ids.begin(), ids.end());
  EXPECT_EQ(distinct.size(), ids.size());
  EXPECT_EQ(distinct.count(""), 0u);
}

TEST(Scheduler, ResetWaitsForTheRunningInvocationAndDestroysTheJob) {
  EngineScheduler scheduler(2);
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> resetReturned{false};
  std::atomic<bool> sawResetReturnWhileRunning{false};
  std::atomic<int> runs{0};
  auto alive = std::make_shared<int>(0);
  std::weak_ptr<int> jobState = alive;
  auto reg = scheduler.schedule(job("test.blocking", 1h, [&, alive] {
    if (++runs > 1) return;
    entered.set_value();
    released.wait();
    std::this_thread::sleep_for(100ms);  // a reset that does not wait would return meanwhile
    if (resetReturned) sawResetReturnWhileRunning = true;
  }));
  alive.reset();
  entered.get_future().wait();
  auto resetting = std::async(std::launch::async, [&] {
    reg.reset();
    resetReturned = true;
    return jobState.expired();
  });
  release.set_value();
  EXPECT_TRUE(resetting.get());
  EXPECT_FALSE(sawResetReturnWhileRunning);
  EXPECT_EQ(runs.load(), 1);
}

TEST(Scheduler, ResetStopsFurtherRuns) {
  EngineScheduler scheduler(2);
  RunCounter runs;
  auto reg = scheduler.schedule(job("test.stopping", 1ms, [&] { runs.hit(); }));
  ASSERT_TRUE(runs.waitFor(2));
  reg.reset();
  const int after = runs.count();
  // Another job's runs prove time passed and workers were free to run the removed one.
  RunCounter witness;
  auto other = scheduler.schedule(job("test.witness", 1ms, [&] { witness.hit(); }));
  ASSERT_TRUE(witness.waitFor(20));
  EXPECT_EQ(runs.count(), after);
}

TEST(Scheduler, JobMayUnscheduleItself) {
  EngineScheduler scheduler(1);
  RunCounter runs;
  api::Registration reg;
  std::mutex regMutex;
  std::unique_lock hold(regMutex);
  reg = scheduler.schedule(job("test.once", 1ms, [&] {
    std::lock_guard lock(regMutex);  // wait until `reg` is assigned
    reg.reset();
    runs.hit();
  }));
  hold.unlock();
  ASSERT_TRUE(runs.waitFor(1));
  RunCounter witness;
  auto other = scheduler.schedule(job("test.witness", 1ms, [&] { witness.hit(); }));
  ASSERT_TRUE(witness.waitFor(10));
  EXPECT_EQ(runs.count(), 1);
}

TEST(Scheduler, StopIsPromptWithLongIntervals) {
  auto scheduler = std::make_unique<EngineScheduler>(4);
  auto reg = scheduler->schedule(job("test.hourly", 1h, [] {}, false));
  auto stopped = std::async(std::launch::async, [&] { scheduler->stop(); });
  // An hourly job must not hold stop() for its interval: it returns long before this deadline.
  EXPECT_EQ(stopped.wait_for(kDeadline), std::future_status::ready);
  reg.reset();
  scheduler.reset();
}

TEST(Scheduler, StopWaitsForARunInProgress) {
  EngineScheduler scheduler(1);
  std::promise<void> entered;
  std::atomic<bool> finished{false};
  auto reg = scheduler.schedule(job("test.inprogress", 1h, [&] {
    entered.set_value();
    std::this_thread::sleep_for(100ms);
    finished = true;
  }));
  entered.get_future().wait();
  scheduler.stop();
  EXPECT_TRUE(finished);
}

TEST(Scheduler, RunImmediatelyOrAfterOneInterval) {
  EngineScheduler scheduler(2);
  RunCounter now;
  auto immediate = scheduler.schedule(job("test.now", 1h, [&] { now.hit(); }, true));
  std::atomic<int> later{0};
  auto delayed = scheduler.schedule(job("test.later", 1h, [&] { ++later; }, false));
  EXPECT_TRUE(now.waitFor(1));
  EXPECT_EQ(later.load(), 0);
}

TEST(Scheduler, InvalidJobsAreRefused) {
  EngineScheduler scheduler(1);
  EXPECT_THROW(scheduler.schedule(job("", 1s, [] {})), std::invalid_argument);
  EXPECT_THROW(scheduler.schedule(job("test.zero", 0ms, [] {})), std::invalid_argument);
  EXPECT_THROW(scheduler.schedule(job("test.nofn", 1s, nullptr)), std::invalid_argument);
  auto negative = job("test.jitter", 1s, [] {});
  negative.jitter = -1ms;
  EXPECT_THROW(scheduler.schedule(negative), std::invalid_argument);
  auto reg = scheduler.schedule(job("test.dup", 1h, [] {}, false));
  EXPECT_THROW(scheduler.schedule(job("test.dup", 1h, [] {}, false)), std::invalid_argument);
  reg.reset();
  EXPECT_NO_THROW(scheduler.schedule(job("test.dup", 1h, [] {}, false)));
}

TEST(Scheduler, JitteredPeriodStaysWithinIntervalPlusJitter) {
  std::mt19937_64 rng(42);
  std::set<long> seen;
  for (int i = 0; i < 1000; ++i) {
    const auto p = jitteredPeriod(1000ms, 200ms, rng);
    EXPECT_GE(p, 1000ms);
    EXPECT_LE(p, 1200ms);
    seen.insert(static_cast<long>(p.count()));
  }
  EXPECT_GT(seen.size(), 50u);  // actually random, not a constant
  EXPECT_EQ(jitteredPeriod(1000ms, 0ms, rng), 1000ms);
}

}  // namespace
}  // namespace georep::engine
