// EngineEventBus: the engine's api::EventBus. raise() stamps the event (time, correlation id and actor
// from the current dispatch/job when the raiser gave none), replaces any NUL character in its text by
// U+FFFD (nul_free.h: PostgreSQL cannot store it), persists it in the audit log (which gives its id; the
// INSERT carries a key made before the first attempt, so a retry never stores it twice), then delivers it
// to every subscriber, in subscription order. Raisers persist concurrently (no bus-wide lock is held
// across the INSERT); delivery is serialised and in id order: an event waits until every INSERT that
// might still get a smaller id has finished. A persistence failure or a throwing subscriber is logged,
// never thrown.
// Thread-safety: raise() and subscribe() may be called from any thread. raise() returns once its event is
// stored; it has been delivered by then unless another raise's INSERT that may get a smaller id is still
// running (that raiser then delivers both) or another thread is delivering (it delivers it next). So
// subscribers run on a raising thread (not always the event's own), one event at a time, and may raise
// events themselves (delivered after the current one, in id order). When no other thread is raising,
// an event is delivered before its raise() returns.
#pragma once

#include <functional>
#include <memory>

#include "engine/api/event_bus.h"

namespace georep::engine {

class AuditLog;

class EngineEventBus : public api::EventBus {
 public:
  // auditLog may be null (nothing persisted; events keep id 0); otherwise it must outlive the bus.
  explicit EngineEventBus(AuditLog* auditLog);
  ~EngineEventBus() override;
  EngineEventBus(const EngineEventBus&) = delete;
  EngineEventBus& operator=(const EngineEventBus&) = delete;

  void raise(api::Event event) override;
  boost::signals2::connection subscribe(std::function<void(const api::Event&)> subscriber) override;

  // Returns once no raise() is delivering any more (waits for the one in progress). The plugin loader
  // calls it after a plugin dropped its subscriptions, before releasing the library.
  void quiesce();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace georep::engine
