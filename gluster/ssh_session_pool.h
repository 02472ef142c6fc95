// SshSessionPool: the SSH sessions of the process, cached per target (host + connection parameters) and
// reused across commands, with bounds: at most maxSessions open sessions in all (busy or idle) and at
// most maxSessionsPerHost commands running on one target at once (one channel per session at a time).
// With sequential use a host keeps exactly one session. When the bound is reached, the least recently
// used idle session of another host is closed to make room; when every session is busy, acquire() waits
// until one is returned or the caller's deadline passes (GatewayError kTimeout). Idle sessions older than
// idleTimeout are closed instead of reused. Connecting happens outside the pool's lock.
// The pool also remembers which host-key algorithms matched each target's pinned key.
// Thread-safety: all methods may be called concurrently; a Lease belongs to one thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gluster/ssh_session.h"
#include "gluster/ssh_target.h"

namespace georep::gluster {

struct SshPoolOptions {
  std::size_t maxSessions = 16;
  std::size_t maxSessionsPerHost = 2;
  std::chrono::milliseconds connectTimeout{10000};
  std::chrono::milliseconds idleTimeout{300000};
};

class SshSessionPool {
 public:
  using Clock = std::chrono::steady_clock;

  // A session lent to one caller; returned to the pool when destroyed, or closed if discard()ed.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    SshSession& session() { return *session_; }
    // True when the session was already open (it may have died since it was last used).
    bool reused() const { return reused_; }
    // The session is broken (or its state unknown): close it instead of returning it.
    void discard() { discard_ = true; }

   private:
    friend class SshSessionPool;
    Lease(SshSessionPool* pool, std::string identity, std::unique_ptr<SshSession> session, bool reused);

    SshSessionPool* pool_;
    std::string identity_;
    std::unique_ptr<SshSession> session_;
    bool reused_;
    bool discard_ = false;
  };

  explicit SshSessionPool(SshPoolOptions options = {});
  ~SshSessionPool();  // closes idle sessions; every Lease must be gone
  SshSessionPool(const SshSessionPool&) = delete;
  SshSessionPool& operator=(const SshSessionPool&) = delete;

  // An idle session of this target, or a new one (connect, host key check, authentication).
  Lease acquire(const SshTarget& target, Clock::time_point deadline);

  // Closes every idle session (of one target, or all).
  void closeIdle();
  void closeIdle(const SshTarget& target);

  std::size_t openSessions() const;  // busy + idle
  std::size_t idleSessions() const;
  const SshPoolOptions& options() const { return options_; }

 private:
  struct Idle {
    std::unique_ptr<SshSession> session;
    Clock::time_point lastUsed;
  };

  void release(const std::string& identity, std::unique_ptr<SshSession> session, bool discard);
  // Moves the least recently used idle session (of any target but `except`) into `out`.
  bool evictOldestIdle(const std::string& except, std::vector<std::unique_ptr<SshSession>>& out);

  const SshPoolOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable returned_;
  std::map<std::string, std::vector<Idle>> idle_;  // per identity, most recently used last
  std::map<std::string, std::size_t> busy_;        // per identity
  std::map<std::string, std::string> hostKeyAlgorithms_;
  std::size_t open_ = 0;
};

}  // namespace georep::gluster
