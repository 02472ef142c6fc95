// The scheduler: periodic jobs with an interval and a random jitter. A job never overlaps itself; a job
// that throws is logged and runs again next period. Each run gets its own correlation id.
// Thread-safety: all methods may be called from any thread. Jobs run on scheduler worker threads.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "registration.h"

namespace georep::api {

struct JobSpec {
  std::string name;                               // unique, e.g. georep.sync.status
  std::chrono::milliseconds interval{10000};
  std::chrono::milliseconds jitter{0};            // each period is interval + uniform[0, jitter]
  bool runImmediately = false;                    // first run at once rather than after one interval
  std::function<void()> run;
};

class Scheduler {
 public:
  virtual ~Scheduler() = default;

  // The job runs until the Registration is reset/destroyed; reset waits for a running invocation.
  virtual Registration schedule(JobSpec job) = 0;
};

}  // namespace georep::api
