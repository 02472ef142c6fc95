// Child processes for the e2e harness: run a command to completion with a deadline and captured output
// (scripts/lab, the gluster CLI, mount), or keep one running in the background with its output in a log
// file (georep-engine). argv is passed to execvp as is: no shell, so no quoting and no injection.
// Thread-safety: run() may be called from any thread; a ChildProcess belongs to one thread.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace georep::testing::e2e {

struct RunResult {
  int exitCode = -1;        // exit status, or 128+signal, or -1 when it could not be started
  bool timedOut = false;    // killed at the deadline
  std::string out;          // stdout
  std::string err;          // stderr
  std::string describe() const;  // "exit 2: <stderr or stdout, trimmed>"
};

// Runs argv[0] (searched in PATH) with argv, extra environment entries and an optional stdin text; kills
// it (SIGKILL, whole process group) when `timeout` passes.
RunResult run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
              const std::map<std::string, std::string>& env = {}, const std::string& input = {});

// A background process with stdout and stderr appended to `logFile`. The destructor stops it.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv, const std::filesystem::path& logFile,
               const std::map<std::string, std::string>& env = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  // True while the process has not exited (reaps it when it has).
  bool running();
  // The exit code once it has exited (see RunResult::exitCode), -1 before.
  int exitCode() const { return exitCode_; }
  // SIGTERM, then SIGKILL after `grace`. Returns the exit code. Idempotent.
  int stop(std::chrono::milliseconds grace = std::chrono::seconds(15));

 private:
  pid_t pid_ = -1;
  int exitCode_ = -1;
  bool reaped_ = false;
};

// The last `maxBytes` of a file, for failure messages.
std::string tailOfFile(const std::filesystem::path& file, std::size_t maxBytes = 6000);

}  // namespace georep::testing::e2e
