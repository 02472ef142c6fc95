// Correlation ids: each command dispatch and each scheduled job run gets one (a random UUID), held in a
// thread-local "current correlation id" while it runs, so that log lines (the %* pattern flag, see
// logging.h) and events raised on that thread carry it.
// The same goes for the actor: who a dispatch runs for ("user:alice", "token:ci-bot", "engine"), so that the
// events it raises record who did what.
// Thread-safety: newCorrelationId() may be called from any thread; the current id and actor are per thread.
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

// The calling thread's current actor; empty outside any authenticated dispatch (the engine itself).
const std::string& currentActor();

// Sets the thread's current actor for its lifetime, then restores the previous one.
class ActorScope {
 public:
  explicit ActorScope(std::string actor);
  ~ActorScope();
  ActorScope(const ActorScope&) = delete;
  ActorScope& operator=(const ActorScope&) = delete;

 private:
  std::string previous_;
};

}  // namespace georep::engine
