// SessionLock: serializes the commands that work on one geo-replication session (or on one session pair
// being created) across threads and engine processes, with a PostgreSQL session-level advisory lock
// (dao/lock_keys.h) held on a dedicated pooled connection for the command's whole duration.
//
// Policy: a second command on the same session WAITS for the first, up to a bound (`wait`); if the lock
// is still held when the bound expires, acquire throws LockBusy (commands report it as `conflict`).
// The bound also covers waiting for a free pooled connection (api::CommandError `unavailable` when none
// frees up: engine/api/database.h). A
// command then re-reads the session's state under the lock, so two concurrent `stop`s run one after the
// other and the second sees STOPPED.
//
// The locked connection is exposed by sql(): the command does all its reads and its one write
// transaction on it, so it never needs a second connection while holding the lock (no pool deadlock).
// The destructor releases the lock and returns the connection to the pool.
//
// The sync job does not wait: inside its write transaction it calls tryLockForTransaction(), which takes
// the same key transaction-scoped (released at commit/rollback) or returns false when a command holds it;
// it then skips that session for this cycle.
// Thread-safety: one SessionLock belongs to one thread; acquiring from many threads is safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

namespace soci {
class session;
}  // namespace soci

namespace georep::api {
class Database;
}

namespace georep::dao {

// The lock could not be had within the wait bound: another command holds it (commands: `conflict`).
class LockBusy : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class SessionLock {
 public:
  // Locks one stored session (key: kSessionLockClass, session id).
  static SessionLock forSession(api::Database& database, std::int64_t sessionId, std::chrono::milliseconds wait);
  // Locks one session pair before it exists (create): kPairLockClass, hash of the four names.
  static SessionLock forPair(api::Database& database, std::int64_t clusterId, const std::string& masterVolume,
                             const std::string& secondaryHost, const std::string& secondaryVolume,
                             std::chrono::milliseconds wait);

  // Within an open transaction on `sql`: takes the session's key transaction-scoped without waiting.
  // True when taken (released at commit/rollback), false when a command holds it.
  static bool tryLockForTransaction(soci::session& sql, std::int64_t sessionId);

  SessionLock(SessionLock&& other) noexcept;
  SessionLock& operator=(SessionLock&& other) noexcept;
  SessionLock(const SessionLock&) = delete;
  SessionLock& operator=(const SessionLock&) = delete;
  ~SessionLock();

  // The connection holding the lock (this thread's one lease); valid until the lock is destroyed.
  soci::session& sql();

 private:
  struct State;
  explicit SessionLock(std::unique_ptr<State> state);
  // Leases a connection, computes the object key (the session id, or hashtext(pairKey)) and takes the lock.
  static SessionLock acquire(api::Database& database, int cls, std::int64_t sessionId, const std::string& pairKey,
                             std::string what, std::chrono::milliseconds wait);
  std::unique_ptr<State> state_;
};

}  // namespace georep::dao
