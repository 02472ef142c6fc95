#include "engine/src/events/engine_event_bus.h"

#include <mutex>

#include <boost/signals2/signal.hpp>
#include <spdlog/spdlog.h>

#include "engine/src/common/correlation.h"
#include "engine/src/events/audit_log.h"

namespace georep::engine {

struct EngineEventBus::Impl {
  AuditLog* auditLog;
  std::recursive_mutex raising;  // recursive: a subscriber may raise
  boost::signals2::signal<void(const api::Event&)> signal;
};

EngineEventBus::EngineEventBus(AuditLog* auditLog) : impl_(std::make_unique<Impl>()) { impl_->auditLog = auditLog; }

EngineEventBus::~EngineEventBus() = default;

void EngineEventBus::raise(api::Event event) {
  try {
    if (event.time == std::chrono::system_clock::time_point{}) event.time = std::chrono::system_clock::now();
    if (event.correlationId.empty()) event.correlationId = currentCorrelationId();
    if (event.actor.empty()) event.actor = currentActor().empty() ? "engine" : currentActor();
  } catch (...) {
    // Copying a string can only fail on memory exhaustion; deliver what we have.
  }
  std::lock_guard lock(impl_->raising);
  if (impl_->auditLog != nullptr) {
    try {
      event.id = impl_->auditLog->append(event);
    } catch (const std::exception& e) {
      spdlog::error("event {}: not persisted in the audit log: {}", event.name, e.what());
    } catch (...) {
      spdlog::error("event {}: not persisted in the audit log: unknown error", event.name);
    }
  }
  spdlog::debug("event {} #{} ({})", event.name, event.id, api::severityName(event.severity));
  try {
    impl_->signal(event);
  } catch (const std::exception& e) {
    spdlog::error("event {}: delivery failed: {}", event.name, e.what());
  } catch (...) {
    spdlog::error("event {}: delivery failed", event.name);
  }
}

boost::signals2::connection EngineEventBus::subscribe(std::function<void(const api::Event&)> subscriber) {
  if (!subscriber) return {};
  return impl_->signal.connect([subscriber = std::move(subscriber)](const api::Event& event) {
    try {
      subscriber(event);
    } catch (const std::exception& e) {
      spdlog::error("event {}: a subscriber threw: {}", event.name, e.what());
    } catch (...) {
      spdlog::error("event {}: a subscriber threw a non-standard exception", event.name);
    }
  });
}

void EngineEventBus::quiesce() { std::lock_guard lock(impl_->raising); }

}  // namespace georep::engine
