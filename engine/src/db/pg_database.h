// PgDatabase: the engine's api::Database, a fixed-size pool of PostgreSQL sessions (SOCI), all opened
// eagerly by the constructor (so a bad connect string fails at start-up, not at first use).
// lease(timeout) waits on a condition variable for a free connection, reconnects it first when it looks
// broken (engine/src/db/connection_check.h), and records which thread holds each connection and from
// which call site, so a nested lease on one thread is refused loudly (engine/api/database.h).
// Thread-safety: lease()/leaseShared()/reconnectBroken() may be called from any thread; the pool state is
// guarded by one mutex, never held across a database round trip except reconnectBroken()'s probes,
// which only touch connections it has taken out of the pool.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/api/database.h"

namespace georep::engine {

class PgDatabase : public api::Database {
 public:
  // Opens poolSize sessions with the libpq connect string. Throws std::runtime_error (with the password
  // masked) when a session cannot be opened, or std::invalid_argument when poolSize is 0.
  PgDatabase(std::string connectString, std::size_t poolSize);
  ~PgDatabase() override;
  PgDatabase(const PgDatabase&) = delete;
  PgDatabase& operator=(const PgDatabase&) = delete;

  std::size_t poolSize() const override { return slots_.size(); }
  // Connections not leased right now.
  std::size_t idleCount() const;

  // Probes every idle pooled session (SELECT 1) and reconnects those whose connection was lost, so a
  // restart is healed even before the next lease. Returns how many were reconnected. Never throws.
  std::size_t reconnectBroken();

  // The connect string with its password masked: safe for logs.
  std::string maskedConnectString() const;

 protected:
  api::DbLease take(std::chrono::milliseconds timeout, const std::source_location& site, bool joinHeld) override;
  void giveBack(std::size_t slot) noexcept override;

 private:
  struct Slot {
    std::unique_ptr<soci::session> session;
    bool busy = false;
    std::uint64_t holder = 0;  // token of the thread that took it (0: none)
    const char* file = "";  // where it was leased, for the nested-lease message
    unsigned line = 0;
  };
  // Under mutex_: the slot this thread holds, or slots_.size().
  std::size_t heldByThisThread() const;
  // Reconnects a taken slot's session when it looks broken; throws CommandError(kUnavailable) when
  // PostgreSQL cannot be reached.
  void ensureConnected(soci::session& sql);

  std::string connectString_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<Slot> slots_;
};

}  // namespace georep::engine
