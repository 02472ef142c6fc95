// Correlation ids: each command dispatch and each scheduled job run gets one (a random UUID), held in a
// thread-local "current correlation id" while it runs, so that log lines (the %* pattern flag, see
// logging.h) and events raised on that thread carry it.
// Thread-safety: newCorrelationId() may be called from any thread; the current id is per thread.
#pragma once

#include <string>

namespace georep::engine {

// A random version-4 UUID, e.g. "3f2a9c1e-5b7d-4e2f-9a1b-0c4d5e6f7a8b".
std::string newCorrelationId();

// The calling thread's current correlation id; empty outside any dispatch or job run.
const std::string& currentCorrelationId();

// Sets the thread's current correlation id for its lifetime, then restores the previous one.
class CorrelationScope {
 public:
  explicit CorrelationScope(std::string id);
  ~CorrelationScope();
  CorrelationScope(const CorrelationScope&) = delete;
  CorrelationScope& operator=(const CorrelationScope&) = delete;

 private:
  std::string previous_;
};

}  // namespace georep::engine
