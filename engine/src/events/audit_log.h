// AuditLog: the engine's audit_log table, where every event raised on the event bus is persisted (time,
// name, severity, correlation id, actor, JSON body), and read back in id order by the HTTP server
// (GET /api/events?since=<id>).
// Thread-safety: every method may be called concurrently from any thread (each uses its own pooled
// session).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/api/database.h"
#include "engine/api/event_bus.h"

namespace georep::engine {

class AuditLog {
 public:
  // At most this many events are returned by one since() call.
  static constexpr std::size_t kMaxPage = 1000;

  explicit AuditLog(api::Database& db, std::chrono::milliseconds leaseTimeout = std::chrono::seconds(5));

  // Stores the event as given (its time must be set) and returns its id. Throws std::runtime_error
  // when it cannot be stored (no free connection in time, database down, ...).
  std::int64_t append(const api::Event& event);

  // Events with id > afterId, oldest first, at most min(limit, kMaxPage) of them.
  // Throws std::runtime_error on a database failure.
  std::vector<api::Event> since(int64_t afterId, std::size_t limit);

 private:
  api::Database& db_;
  std::chrono::milliseconds leaseTimeout_;
};

}  // namespace georep::engine
