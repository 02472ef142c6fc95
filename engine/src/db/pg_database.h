// PgDatabase: the engine's api::Database, a fixed-size SOCI connection pool of PostgreSQL sessions,
// all opened eagerly by the constructor (so a bad connect string fails at start-up, not at first use).
// Thread-safety: pool() may be used from any thread (soci::connection_pool is thread-safe); a borrowed
// soci::session belongs to one thread until it is returned.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

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

  soci::connection_pool& pool() override;
  std::size_t poolSize() const override { return poolSize_; }

  // Probes every idle pooled session (SELECT 1) and reconnects those whose connection was lost (e.g.
  // PostgreSQL restarted), so later borrowers get a working session. Sessions in use are left alone.
  // Returns how many were reconnected. Never throws. The engine runs it periodically.
  std::size_t reconnectBroken();

  // The connect string with its password masked: safe for logs.
  std::string maskedConnectString() const;

 private:
  std::string connectString_;
  std::size_t poolSize_;
  std::unique_ptr<soci::connection_pool> pool_;
};

}  // namespace georep::engine
