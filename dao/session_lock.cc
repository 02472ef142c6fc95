#include "dao/session_lock.h"

#include <algorithm>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include "dao/lock_keys.h"
#include "engine/api/database.h"

namespace georep::dao {

struct SessionLock::State {
  api::DbLease lease;  // set once a connection is leased; given back after the lock is released
  int cls = 0;
  int obj = 0;
  std::string what;  // for messages
  bool locked = false;

  State() = default;
  State(const State&) = delete;
  State& operator=(const State&) = delete;

  ~State() {
    if (!lease) return;
    soci::session& sql = lease.sql();
    if (locked) {
      try {
        int released = 0;
        sql << "SELECT pg_advisory_unlock(:c, :o)::int", soci::use(cls, "c"), soci::use(obj, "o"),
            soci::into(released);
        if (released == 0) spdlog::warn("advisory lock of {} was not held at release", what);
      } catch (const std::exception& e) {
        // Never return a connection that may still hold the lock: drop every advisory lock, or reconnect.
        spdlog::warn("releasing the advisory lock of {} failed: {}", what, e.what());
        try {
          sql << "SELECT pg_advisory_unlock_all()";
        } catch (const std::exception&) {
          try {
            sql.reconnect();
          } catch (const std::exception& e2) {
            spdlog::error("reconnecting after a failed lock release failed: {}", e2.what());
          }
        }
      }
    }
  }
};

namespace {

using Clock = std::chrono::steady_clock;

bool isLockTimeout(const soci::soci_error& e) {
  const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e);
  return pg != nullptr && pg->sqlstate() == "55P03";
}

long long remainingMs(Clock::time_point deadline) {
  return std::max<long long>(
      0, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
}

}  // namespace

SessionLock::SessionLock(std::unique_ptr<State> state) : state_(std::move(state)) {}
SessionLock::SessionLock(SessionLock&& other) noexcept = default;
SessionLock& SessionLock::operator=(SessionLock&& other) noexcept = default;
SessionLock::~SessionLock() = default;

soci::session& SessionLock::sql() { return state_->lease.sql(); }

SessionLock SessionLock::forSession(api::Database& database, std::int64_t sessionId,
                                    std::chrono::milliseconds wait) {
  return acquire(database, kSessionLockClass, sessionId, {}, "session " + std::to_string(sessionId), wait);
}

SessionLock SessionLock::forPair(api::Database& database, std::int64_t clusterId, const std::string& masterVolume,
                                 const std::string& secondaryHost, const std::string& secondaryVolume,
                                 std::chrono::milliseconds wait) {
  const std::string key =
      std::to_string(clusterId) + "/" + masterVolume + "/" + secondaryHost + "/" + secondaryVolume;
  return acquire(database, kPairLockClass, 0, key,
                 "session pair " + masterVolume + " -> " + secondaryHost + "::" + secondaryVolume, wait);
}

SessionLock SessionLock::acquire(api::Database& database, int cls, std::int64_t sessionId,
                                 const std::string& pairKey, std::string what, std::chrono::milliseconds wait) {
  const auto deadline = Clock::now() + wait;
  auto state = std::make_unique<State>();
  state->what = std::move(what);
  state->cls = cls;
  state->lease = database.lease(wait);  // unavailable when no connection frees up within the bound
  soci::session& sql = state->lease.sql();

  if (pairKey.empty()) {
    state->obj = sessionLockObject(sessionId);
  } else {
    sql << "SELECT hashtext(:k)", soci::use(pairKey, "k"), soci::into(state->obj);
  }

  const long long left = remainingMs(deadline);
  if (left <= 0) {
    int got = 0;
    sql << "SELECT pg_try_advisory_lock(:c, :o)::int", soci::use(state->cls, "c"), soci::use(state->obj, "o"),
        soci::into(got);
    if (got == 0) throw LockBusy(state->what + " is busy: another command is running on it");
  } else {
    // lock_timeout bounds the wait (0 would mean forever, hence the branch above); it is reset at once so
    // the command's own statements are not affected.
    const std::string timeout = std::to_string(left) + "ms";
    sql << "SELECT set_config('lock_timeout', :t, false)", soci::use(timeout, "t");
    try {
      sql << "SELECT pg_advisory_lock(:c, :o)", soci::use(state->cls, "c"), soci::use(state->obj, "o");
    } catch (const soci::soci_error& e) {
      sql << "RESET lock_timeout";
      if (isLockTimeout(e)) {
        throw LockBusy(state->what + " is busy: another command is still running on it after " +
                       std::to_string(wait.count()) + " ms");
      }
      throw;
    }
    state->locked = true;
    sql << "RESET lock_timeout";
  }
  state->locked = true;
  return SessionLock(std::move(state));
}

bool SessionLock::tryLockForTransaction(soci::session& sql, std::int64_t sessionId) {
  int cls = kSessionLockClass;
  int obj = sessionLockObject(sessionId);
  int got = 0;
  sql << "SELECT pg_try_advisory_xact_lock(:c, :o)::int", soci::use(cls, "c"), soci::use(obj, "o"), soci::into(got);
  return got != 0;
}

}  // namespace georep::dao
