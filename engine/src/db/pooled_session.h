// PooledSession: borrows a session from a SOCI connection pool with a time limit (soci::session(pool)
// waits forever), and reconnects a session whose connection was lost (e.g. PostgreSQL restarted).
// Thread-safety: one PooledSession belongs to one thread; the pool is thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <exception>

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

// Runs `work(soci::session&)` on a pooled session borrowed for at most `timeout`; when it throws because
// the connection was lost, reconnects and runs it once more. Use only for work that is safe to repeat
// (a single statement or a whole transaction). The caller includes <soci/soci.h>.
template <typename Pool, typename Work>
auto withPooledSession(Pool& pool, std::chrono::milliseconds timeout, Work&& work) {
  PooledSession session(pool, timeout);
  try {
    return work(session.get());
  } catch (const std::exception&) {
    if (!session.reconnectIfBroken()) throw;
  }
  return work(session.get());
}

}  // namespace georep::engine
