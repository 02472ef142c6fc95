// EngineScheduler: the engine's api::Scheduler. A fixed set of worker threads runs periodic jobs; each
// period is the job's interval plus a random jitter, counted from the start of the previous run. A job
// never overlaps itself: a run that outlasts its period delays the next one (runs are skipped, not
// queued). A throwing job is logged and runs again next period. Each run gets a fresh correlation id.
// Waiting is on condition variables only: stop() and Registration reset return as soon as the runs in
// progress (if any) finish.
// Thread-safety: every method may be called from any thread. Registration reset waits for a running
// invocation of that job (unless called from inside the job itself).
#pragma once

#include <cstddef>
#include <memory>

#include "engine/api/scheduler.h"

namespace georep::engine {

class EngineScheduler : public api::Scheduler {
 public:
  // Starts `workers` threads (at least 1): at most that many jobs run at once.
  explicit EngineScheduler(std::size_t workers = 4);
  ~EngineScheduler() override;  // stop()
  EngineScheduler(const EngineScheduler&) = delete;
  EngineScheduler& operator=(const EngineScheduler&) = delete;

  // Throws std::invalid_argument on an empty or duplicate name, no function, interval <= 0 or
  // jitter < 0. After stop(), jobs are accepted but never run.
  api::Registration schedule(api::JobSpec job) override;

  // Stops the workers: waits for the runs in progress, starts no new ones. Idempotent.
  void stop();

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace georep::engine
