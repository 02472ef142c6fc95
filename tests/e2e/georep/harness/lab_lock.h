// LabLock: exclusive use of the machine's GlusterFS lab by one e2e test at a time, across processes and
// across test runs (two `ctest -L e2e` in different build directories share one glusterd and one lab:
// RUN_SERIAL only orders the tests of one ctest). An flock(2) on /run/lock/georep-lab-e2e.lock, held
// from before the lab is reset until the test's engine has stopped; the holder's pid and test name are
// written into the file for whoever waits.
// Thread-safety: one object per test, used from the test's thread.
#pragma once

#include <chrono>
#include <string>

namespace georep::testing::e2e {

class LabLock {
 public:
  static constexpr const char* kPath = "/run/lock/georep-lab-e2e.lock";

  // Waits up to `timeout` for the lock, telling stderr who holds it. Throws std::runtime_error on
  // timeout or when the lock file cannot be opened. `path`: another lab's lock (the multi-node lab's).
  LabLock(const std::string& holder, std::chrono::seconds timeout, const std::string& path = kPath);
  ~LabLock();
  LabLock(const LabLock&) = delete;
  LabLock& operator=(const LabLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace georep::testing::e2e
