// DrPolicyDao: the DR policy of a session (georep_dr_policies, at most one per session): insert, find,
// list, update, pause/resume, delete. Every method runs on the caller's soci::session and opens no
// transaction of its own, so a caller composes several DAO calls in one soci::transaction; callers that
// change a policy hold the session's lock (dao/session_lock.h) so that two commands never interleave.
// Thread-safety: stateless; safe to share between threads (each thread uses its own session).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "dao/dr_records.h"

namespace soci {
class session;
}

namespace georep::dao {

class DrPolicyDao {
 public:
  // Stores a new policy (id, missed count and timestamps are the database's); returns its id.
  std::int64_t insert(soci::session& sql, const DrPolicyRecord& policy) const;

  std::optional<DrPolicyRecord> findBySession(soci::session& sql, std::int64_t sessionId) const;
  // Every policy, ordered by session id.
  std::vector<DrPolicyRecord> list(soci::session& sql) const;

  // Writes the settings (schedule, zone, timeout, mode, RPO target, hooks, paused, next run) of the policy
  // of policy.sessionId and stamps updated_at; false when the session has no policy.
  bool update(soci::session& sql, const DrPolicyRecord& policy) const;

  // Returns false when the session had no policy.
  bool remove(soci::session& sql, std::int64_t sessionId) const;

  // The scheduler's claim of the windows up to now: moves next_run_at from `expectedNext` to `newNext` and
  // adds `missed` to missed_count, only if next_run_at is still `expectedNext` and the policy is not
  // paused (another engine, or a command, may have moved it); true when this caller won the claim.
  bool claimWindows(soci::session& sql, std::int64_t sessionId, TimePoint expectedNext,
                    std::optional<TimePoint> newNext, std::int64_t missed) const;
  // The metric labels of every session that has a policy, by session id (one query).
  std::map<std::int64_t, DrSessionLabels> sessionLabels(soci::session& sql) const;
  // Adds `missed` to missed_count (a window skipped because a run was still in flight).
  void addMissed(soci::session& sql, std::int64_t sessionId, std::int64_t missed) const;
};

}  // namespace georep::dao
