// withLease: runs one unit of database work (a single statement or a whole transaction) on this thread's
// connection when it already holds a lease of `db` (leaseShared), else on a lease of its own taken within
// `timeout`; on a lease of its own, when the work failed because the connection was lost (PostgreSQL
// restarted), reconnects and runs it once more. Use only for work that is safe to repeat.
// Thread-safety: as api::Database::leaseShared(); the work runs on the calling thread.
#pragma once

#include <chrono>
#include <exception>

#include <soci/session.h>

#include "engine/api/database.h"
#include "engine/api/database_errors.h"

namespace georep::engine {

template <typename Work>
auto withLease(api::Database& db, std::chrono::milliseconds timeout, Work&& work) {
  api::DbLease lease = db.leaseShared(timeout);
  try {
    return work(lease.sql());
  } catch (const std::exception& e) {
    if (!lease.owning() || !api::isDatabaseUnavailable(e)) throw;
    lease.sql().reconnect();
  }
  return work(lease.sql());
}

}  // namespace georep::engine
