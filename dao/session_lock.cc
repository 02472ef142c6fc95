#include "dao/session_lock.h"

#include <algorithm>

#include <soci/soci.h>

#include "dao/advisory_lock.h"
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
    if (lease && locked) releaseAdvisoryLock(lease.sql(), cls, obj, what);
  }
};

namespace {

using Clock = std::chrono::steady_clock;

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
  state->obj = pairKey.empty() ? sessionLockObject(sessionId) : advisoryLockObject(sql, pairKey);
  acquireAdvisoryLock(sql, state->cls, state->obj, std::chrono::milliseconds(remainingMs(deadline)), state->what);
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
