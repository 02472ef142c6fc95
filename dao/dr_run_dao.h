// DrRunDao: the DR run history (georep_dr_runs). A run is inserted 'running' (at most one per session:
// begin() returns nullopt when one already runs, enforced by a partial unique index, so two engines can
// never run one session twice), advances step by step (each step written before it is attempted, so a
// restart knows where a run stood), and ends once with its result. Every method runs on the caller's
// soci::session and opens no transaction of its own.
// Thread-safety: stateless; safe to share between threads (each thread uses its own session).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dao/dr_records.h"

namespace soci {
class session;
}

namespace georep::dao {

class DrRunDao {
 public:
  // Inserts a running run (started now; fields id/result/step/times of `run` other than scheduledFor and
  // deadlineAt are ignored); nullopt when the session already has a running run.
  std::optional<std::int64_t> begin(soci::session& sql, const DrRunRecord& run) const;
  // Records a window that was not run because a run was still in flight (result skipped, ended now).
  std::int64_t insertSkipped(soci::session& sql, std::int64_t sessionId, std::int64_t policyId,
                             TimePoint scheduledFor, const std::string& reason) const;

  void setStep(soci::session& sql, std::int64_t runId, const std::string& step) const;
  void setCheckpointTime(soci::session& sql, std::int64_t runId, TimePoint checkpointTime) const;
  // Ends a running run; false when it was not running (already ended).
  bool finish(soci::session& sql, std::int64_t runId, const std::string& result,
              const std::optional<std::string>& error, const std::optional<std::string>& brick) const;

  // georep.dr.run.cancel: marks the session's running run cancel-requested (the engine doing it sees it at
  // its next heartbeat); its id, or nullopt when none runs.
  std::optional<std::int64_t> requestCancel(soci::session& sql, std::int64_t sessionId) const;
  // The doing engine's sign of life (each step and wait poll); true when a cancel was requested.
  bool heartbeat(soci::session& sql, std::int64_t runId, TimePoint now) const;
  // Claims a running run whose heartbeat is older than staleBefore (or absent) for this engine (sets the
  // heartbeat to now); false when it is not running or someone is still doing it.
  bool takeOver(soci::session& sql, std::int64_t runId, TimePoint staleBefore, TimePoint now) const;

  std::optional<DrRunRecord> find(soci::session& sql, std::int64_t runId) const;
  std::vector<DrRunRecord> listRunning(soci::session& sql) const;
  // The session's latest succeeded run (its checkpoint time T is the point the secondary is consistent as of).
  std::optional<DrRunRecord> lastSucceeded(soci::session& sql, std::int64_t sessionId) const;
  // The latest succeeded run of every session that has one, by session id (one query).
  std::map<std::int64_t, DrRunRecord> lastSucceededBySession(soci::session& sql) const;
  // Continuous mode's recovery point outside runs: per session (all sessions, or only `sessionId`), the
  // checkpoint time every Active worker reports completed (the same T on each, at least one Active worker),
  // from the per-brick state the sync job keeps.
  std::map<std::int64_t, TimePoint> completedCheckpoints(soci::session& sql,
                                                         std::optional<std::int64_t> sessionId = std::nullopt) const;
  // Ended runs (not 'running') by session and result (one query).
  std::vector<DrRunCount> countByResult(soci::session& sql) const;
  // The session's runs, newest first, at most `limit`.
  std::vector<DrRunRecord> listBySession(soci::session& sql, std::int64_t sessionId, int limit) const;
};

}  // namespace georep::dao
