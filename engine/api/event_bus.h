// The event bus: plugins raise events (georep.<noun>.<what_happened>) with a severity and a JSON body;
// the engine stamps each with a time, an id and the current correlation id (when the raiser gives none),
// persists it in the audit log, then fans it out to subscribers (Boost.Signals2) in id order. A NUL
// character (U+0000) in the name, correlation id, actor or anywhere in the body (strings and keys) is
// replaced by U+FFFD before the event is stored and delivered (PostgreSQL cannot store it).
// Thread-safety: raise() and subscribe() may be called from any thread. Subscribers are called on a
// raising thread, one event at a time, and must not block for long. Hold subscriptions in boost::signals2::scoped_connection
// so they end with their owner.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <boost/signals2/connection.hpp>
#include <nlohmann/json.hpp>

namespace georep::api {

enum class Severity { kInfo, kWarning, kError, kAlert };

inline std::string_view severityName(Severity s) {
  switch (s) {
    case Severity::kInfo: return "info";
    case Severity::kWarning: return "warning";
    case Severity::kError: return "error";
    case Severity::kAlert: return "alert";
  }
  return "info";
}

struct Event {
  std::int64_t id = 0;                              // set by the engine (audit log id)
  std::chrono::system_clock::time_point time{};     // set by the engine when left empty
  std::string name;
  Severity severity = Severity::kInfo;
  std::string correlationId;                        // filled from the current dispatch/job when empty
  std::string actor;                                // who caused it ("user:alice"); filled from the current dispatch when empty
  nlohmann::json body = nlohmann::json::object();
};

class EventBus {
 public:
  virtual ~EventBus() = default;

  // Persists then delivers. Never throws: a persistence failure is logged and the event still delivered.
  virtual void raise(Event event) = 0;

  virtual boost::signals2::connection subscribe(std::function<void(const Event&)> subscriber) = 0;
};

}  // namespace georep::api
