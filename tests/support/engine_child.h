// EngineChild: the georep-engine executable as a child process for integration tests, configured by
// environment (GEOREP_DB, GEOREP_HTTP_PORT=0, GEOREP_PLUGINS, GEOREP_LOG_LEVEL, ...) and optional
// arguments (e.g. --config FILE), its stdout and
// stderr in a log file; the constructor waits until the log names the ephemeral port it listens on.
// The destructor stops it (SIGTERM, then SIGKILL after a grace period).
// Thread-safety: one owning thread.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace georep::testing {

class EngineChild {
 public:
  // Throws std::runtime_error with the log when the engine exits or does not listen within `startTimeout`.
  EngineChild(const std::filesystem::path& binary, const std::map<std::string, std::string>& env,
              const std::filesystem::path& logFile, std::chrono::seconds startTimeout = std::chrono::seconds(60),
              const std::vector<std::string>& args = {});
  ~EngineChild();
  EngineChild(const EngineChild&) = delete;
  EngineChild& operator=(const EngineChild&) = delete;

  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string log() const;
  // SIGTERM and wait up to `grace`; the raw waitpid status, or -1 when it had to be killed. Idempotent.
  int stop(std::chrono::seconds grace = std::chrono::seconds(60));

 private:
  pid_t pid_ = -1;
  int status_ = -1;
  std::uint16_t port_ = 0;
  std::filesystem::path logFile_;
};

}  // namespace georep::testing
