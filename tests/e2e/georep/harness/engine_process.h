// EngineProcess: the real georep-engine executable, started by the e2e tests with a temporary JSON config
// (database, HTTP port, plugin directory, sync interval), its log in the work directory, stopped (SIGTERM)
// by the destructor; once healthy, an admin is bootstrapped and an API token issued with the engine binary
// (support/engine_admin.h), for the clients to send. EngineClient: the engine's HTTP API as the tests use it: commands on the bus (typed
// replies), the audit log (GET /api/events) and waiting for an event with a deadline.
// Thread-safety: EngineProcess belongs to one thread; EngineClient methods are safe from any thread except
// waitForEvent/eventsSinceStart, which keep a cursor (one thread).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/http_client.h"
#include "harness/process.h"

namespace georep::testing::e2e {

struct EngineOptions {
  std::filesystem::path binary;       // georep-engine
  std::filesystem::path pluginDir;    // the georep plugin directory (manifest.json, libgeorep.so, migrations/)
  std::string databaseConnect;        // libpq connect string of a fresh database
  std::filesystem::path workDir;      // config file and engine.log go here
  bool syncEnabled = true;            // the plugin's sync job
  int syncIntervalMs = 2000;          // its status reconciliation period
  int syncConfigIntervalMs = 4000;    // its config drift period
  std::filesystem::path sshKey;       // when set: allow-listed in the config as ssh key "lab"
  std::map<std::string, std::string> env;
  // Merged into the georep plugin's config (plugin_config.georep), e.g. {"destinations": {...}}.
  nlohmann::json georepConfig = nlohmann::json::object();
};

class EngineProcess {
 public:
  // Starts the engine and waits (up to `startTimeout`) for GET /api/health to answer 200. Throws
  // std::runtime_error with the end of the engine log when it exits or does not become healthy.
  explicit EngineProcess(EngineOptions options, std::chrono::milliseconds startTimeout = std::chrono::seconds(60));
  ~EngineProcess();
  EngineProcess(const EngineProcess&) = delete;
  EngineProcess& operator=(const EngineProcess&) = delete;

  std::uint16_t port() const { return port_; }
  // An admin's API token (Authorization: Bearer) for this engine.
  const std::string& token() const { return token_; }
  const std::filesystem::path& logFile() const { return logFile_; }
  const std::filesystem::path& configFile() const { return configFile_; }
  std::string logTail() const { return tailOfFile(logFile_); }
  bool running() { return child_ && child_->running(); }
  // SIGTERM and wait; returns the exit code.
  int stop();
  // SIGKILL (a crash: no shutdown code runs) and reap; returns the exit code.
  int kill();

 private:
  EngineOptions options_;
  std::uint16_t port_ = 0;
  std::filesystem::path logFile_;
  std::filesystem::path configFile_;
  std::string token_;
  std::unique_ptr<ChildProcess> child_;
};

struct CommandReply {
  int httpStatus = 0;
  bool ok = false;
  nlohmann::json result;          // when ok
  std::string errorCode;          // when !ok: invalid_argument, not_found, conflict, unavailable, gluster_error, internal
  std::string errorMessage;
  std::string errorField;
  nlohmann::json raw;             // the whole reply
  std::string describe() const;   // for assertion messages
};

class EngineClient {
 public:
  // `token`: sent as the bearer token with every request (EngineProcess::token()).
  EngineClient(std::uint16_t port, std::string token,
               std::chrono::milliseconds commandTimeout = std::chrono::minutes(3));

  CommandReply command(const std::string& name, const nlohmann::json& params = nlohmann::json::object()) const;
  // Every audit-log event with id > since, oldest first (all pages).
  std::vector<nlohmann::json> events(std::int64_t since = 0) const;
  int healthStatus() const;  // HTTP status of GET /api/health (throws HttpError when unreachable)

  // Waits for an event named `name` (with id > `since`, and matching `match` when given); returns it,
  // or nothing at the deadline.
  std::optional<nlohmann::json> waitForEvent(const std::string& name, std::chrono::milliseconds timeout,
                                             std::int64_t since = 0,
                                             const std::function<bool(const nlohmann::json&)>& match = {}) const;
  // The highest event id now (0 when none): a cursor for "events after this step".
  std::int64_t lastEventId() const;

 private:
  HttpClient http_;
  std::chrono::milliseconds commandTimeout_;
};

}  // namespace georep::testing::e2e
