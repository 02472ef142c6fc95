// JobStore: the rest_jobs table (engine/migrations/0004_rest_jobs.sql), where a REST request asked with
// `?wait=false` is recorded as a job (who started it, what it runs) and its outcome once it ends: the
// resource it produced, or its typed error with the HTTP status the synchronous request would have had.
// Retention is bounded: each new job first deletes finished jobs older than the retention age and all but
// the newest `keepFinished` finished ones. A job still running when its engine stopped is marked failed
// (`unavailable`, "engine restarted") by that engine's next start (failInterrupted).
// Thread-safety: every method may be called concurrently from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/api/command_bus.h"
#include "engine/api/database.h"

namespace georep::engine {

struct JobRecord {
  std::string id;          // the command's correlation id
  std::string owner;       // the user who started it; empty for the engine itself
  std::string command;
  std::string request;     // "POST /api/clusters/c1/.../start"
  std::string state;       // running, succeeded or failed
  std::optional<unsigned> httpStatus;
  nlohmann::json result;   // the resource (succeeded), else null
  nlohmann::json error;    // the typed error (failed), else null
  std::string createdAt;   // ISO-8601 UTC
  std::optional<std::string> finishedAt;
};

class JobStore {
 public:
  struct Retention {
    std::chrono::seconds maxAge = std::chrono::hours(24 * 7);
    std::size_t keepFinished = 10000;
  };

  // engineHost: this engine's name in the jobs it runs (the host name by default).
  JobStore(api::Database& db, Retention retention, std::string engineHost,
           std::chrono::milliseconds leaseTimeout = std::chrono::seconds(5));
  explicit JobStore(api::Database& db);

  // Records a running job (after pruning old finished jobs). Throws on a database failure.
  void create(const std::string& id, const api::Caller& caller, const std::string& command,
              const std::string& request);
  // Records the outcome of a running job; a job no longer running is left as it is.
  void succeed(const std::string& id, unsigned httpStatus, const nlohmann::json& result);
  void fail(const std::string& id, unsigned httpStatus, const nlohmann::json& error);
  // Marks every job of this engine host still running as failed ("engine restarted"); returns how many.
  std::size_t failInterrupted();

  std::optional<JobRecord> find(const std::string& id);

  const std::string& engineHost() const { return engineHost_; }

 private:
  void finish(const std::string& id, const char* state, unsigned httpStatus, const nlohmann::json& result,
              const nlohmann::json& error);

  api::Database& db_;
  Retention retention_;
  std::string engineHost_;
  std::chrono::milliseconds leaseTimeout_;
};

// This machine's host name ("localhost" when it cannot be read).
std::string localHostName();

}  // namespace georep::engine
