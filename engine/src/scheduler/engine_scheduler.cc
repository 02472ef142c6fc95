#include "engine/src/scheduler/engine_scheduler.h"

#include <condition_variable>
#include <map>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>

#include "engine/src/common/correlation.h"
#include "engine/src/scheduler/jitter.h"

namespace georep::engine {
namespace {

using Clock = std::chrono::steady_clock;

struct Job {
  api::JobSpec spec;
  Clock::time_point nextRun;
  bool running = false;
};

thread_local const Job* tRunningJob = nullptr;

}  // namespace

struct EngineScheduler::State {
  std::mutex mutex;
  std::condition_variable changed;  // a job was added, finished or removed; or stopping
  std::map<std::string, std::shared_ptr<Job>> jobs;
  std::vector<std::thread> workers;
  bool stopping = false;
  std::mt19937_64 rng{std::random_device{}()};

  // The earliest job that is not running, or null.
  std::shared_ptr<Job> nextJob() {
    std::shared_ptr<Job> best;
    for (auto& [name, job] : jobs) {
      if (!job->running && (!best || job->nextRun < best->nextRun)) best = job;
    }
    return best;
  }

  void work() {
    std::unique_lock lock(mutex);
    while (!stopping) {
      std::shared_ptr<Job> job = nextJob();
      if (!job) {
        changed.wait(lock);
        continue;
      }
      if (Clock::now() < job->nextRun) {
        // Hold no reference while waiting: a job removed meanwhile must be destroyed by remove(), not
        // here later (its function may point into a plugin library released by then).
        const auto when = job->nextRun;
        job.reset();
        changed.wait_until(lock, when);
        continue;  // re-evaluate: the job may be gone, taken or superseded
      }
      job->running = true;
      lock.unlock();
      const auto started = Clock::now();
      runOnce(*job);
      lock.lock();
      job->running = false;
      const auto period = jitteredPeriod(job->spec.interval, job->spec.jitter, rng);
      const auto finished = Clock::now();
      job->nextRun = started + period;
      if (job->nextRun <= finished) {
        spdlog::warn("job {}: run took longer than its period; next run in {} ms", job->spec.name, period.count());
        job->nextRun = finished + period;
      }
      // Drop our reference while another owner (the map, or a reset() waiting for us) exists, so that
      // owner destroys the job. We are the last owner only if the job removed itself: then it is
      // destroyed below, after it returned.
      if (job.use_count() > 1) job.reset();
      changed.notify_all();
      if (job) {
        lock.unlock();
        job.reset();
        lock.lock();
      }
    }
  }

  static void runOnce(const Job& job) {
    CorrelationScope scope(newCorrelationId());
    const Job* outer = std::exchange(tRunningJob, &job);
    try {
      spdlog::debug("job {}: run", job.spec.name);
      job.spec.run();
    } catch (const std::exception& e) {
      spdlog::error("job {}: failed: {}; it runs again next period", job.spec.name, e.what());
    } catch (...) {
      spdlog::error("job {}: failed with a non-standard exception; it runs again next period", job.spec.name);
    }
    tRunningJob = outer;
  }

  void remove(const std::string& name, const std::shared_ptr<Job>& job) {
    std::shared_ptr<Job> owned;
    {
      std::unique_lock lock(mutex);
      auto it = jobs.find(name);
      if (it == jobs.end() || it->second != job) return;
      owned = std::move(it->second);
      jobs.erase(it);
      changed.notify_all();
      if (tRunningJob == owned.get()) return;  // removed from inside its own run: the worker destroys it
      changed.wait(lock, [&] { return !owned->running; });
    }
    spdlog::debug("job {}: unscheduled", name);
    // `owned` is the last reference: the job's function (maybe plugin code) is destroyed here.
  }
};

EngineScheduler::EngineScheduler(std::size_t workers) : state_(std::make_shared<State>()) {
  const std::size_t count = workers == 0 ? 1 : workers;
  for (std::size_t i = 0; i < count; ++i) {
    state_->workers.emplace_back([state = state_] { state->work(); });
  }
}

EngineScheduler::~EngineScheduler() { stop(); }

api::Registration EngineScheduler::schedule(api::JobSpec spec) {
  if (spec.name.empty()) throw std::invalid_argument("a scheduled job needs a name");
  if (!spec.run) throw std::invalid_argument("job " + spec.name + " has no function to run");
  if (spec.interval.count() <= 0) throw std::invalid_argument("job " + spec.name + ": interval must be positive");
  if (spec.jitter.count() < 0) throw std::invalid_argument("job " + spec.name + ": jitter must not be negative");
  auto job = std::make_shared<Job>();
  const std::string name = spec.name;
  {
    std::lock_guard lock(state_->mutex);
    if (state_->jobs.count(name)) throw std::invalid_argument("job " + name + " is already scheduled");
    job->nextRun = Clock::now() + (spec.runImmediately ? std::chrono::milliseconds(0)
                                                       : jitteredPeriod(spec.interval, spec.jitter, state_->rng));
    job->spec = std::move(spec);
    state_->jobs.emplace(name, job);
  }
  state_->changed.notify_all();
  spdlog::debug("job {}: scheduled every {} ms (+ up to {} ms)", name, job->spec.interval.count(),
                job->spec.jitter.count());
  std::weak_ptr<State> weakState = state_;
  std::weak_ptr<Job> weakJob = job;
  return api::Registration([weakState, weakJob, name] {
    auto state = weakState.lock();
    auto job = weakJob.lock();
    if (state && job) state->remove(name, job);
  });
}

void EngineScheduler::stop() {
  std::vector<std::thread> workers;
  {
    std::lock_guard lock(state_->mutex);
    state_->stopping = true;
    workers.swap(state_->workers);
  }
  state_->changed.notify_all();
  for (auto& worker : workers) {
    if (worker.get_id() == std::this_thread::get_id()) {
      worker.detach();  // stop() called from a job: that worker exits when the job returns
    } else {
      worker.join();
    }
  }
}

}  // namespace georep::engine
