// Polling with deadlines for the e2e tests: never sleep blindly, never wait forever.
// Thread-safety: stateless.
#pragma once

#include <chrono>
#include <thread>

namespace georep::testing::e2e {

// Calls `done` every `step` until it returns true (-> true) or `timeout` passes (-> false). `done` is
// called once more at the deadline, so a condition met exactly then is not missed.
template <class Predicate>
bool waitUntil(std::chrono::milliseconds timeout, Predicate done,
               std::chrono::milliseconds step = std::chrono::milliseconds(500)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(step);
  }
  return done();
}

}  // namespace georep::testing::e2e
