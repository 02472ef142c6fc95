// AuditLog: the engine's audit_log table, where every event raised on the event bus is persisted (time,
// name, severity, correlation id, actor, JSON body), and read back in id order by the HTTP server
// (GET /api/events?since=<id>).
// Connections: each call runs on the connection the calling thread already holds (leaseShared), else
// on a lease of its own (then retried once on a fresh connection when the old one was lost).
// Thread-safety: every method may be called concurrently from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/api/database.h"
#include "engine/api/event_bus.h"

namespace georep::engine {

class AuditLog {
 public:
  // At most this many events are returned by one since() call.
  static constexpr std::size_t kMaxPage = 1000;

  explicit AuditLog(api::Database& db, std::chrono::milliseconds leaseTimeout = std::chrono::seconds(5));

  // Stores the event as given (its time must be set; no NUL in its text: nul_free.h) and returns its id.
  // eventKey is unique per event and made before the first attempt: storing the same key again stores
  // nothing and returns the first row's id. Throws when it cannot be stored (no free connection in time,
  // database down, ...).
  std::int64_t append(const api::Event& event, const std::string& eventKey);
  // The same with a fresh key.
  std::int64_t append(const api::Event& event);

  // Events with id > afterId, oldest first, at most min(limit, kMaxPage) of them.
  // Throws std::runtime_error on a database failure.
  // With atLeast: only the events of that severity or a higher one (info < warning < error < alert).
  std::vector<api::Event> since(int64_t afterId, std::size_t limit,
                                std::optional<api::Severity> atLeast = std::nullopt);

 private:
  api::Database& db_;
  std::chrono::milliseconds leaseTimeout_;
};

}  // namespace georep::engine
