// PooledSession: borrows a session from a SOCI connection pool with a time limit (soci::session(pool)
// waits forever), and reconnects a session whose connection was lost (e.g. PostgreSQL restarted).
// Thread-safety: one PooledSession belongs to one thread; the pool is thread-safe.
#pragma once

#include <chrono>
#include <cstddef>

namespace soci {
class connection_pool;
class session;
}  // namespace soci

namespace georep::engine {

class PooledSession {
 public:
  // Throws std::runtime_error when no session is free within `timeout`.
  PooledSession(soci::connection_pool& pool, std::chrono::milliseconds timeout);
  ~PooledSession();
  PooledSession(const PooledSession&) = delete;
  PooledSession& operator=(const PooledSession&) = delete;

  soci::session& get() { return *session_; }

  // Reconnects when the connection is gone; true when it did. Never throws.
  bool reconnectIfBroken();

 private:
  soci::connection_pool& pool_;
  std::size_t position_ = 0;
  soci::session* session_ = nullptr;
};

}  // namespace georep::engine
