// EngineEventBus: the engine's api::EventBus. raise() stamps the event (time, correlation id from the
// current dispatch/job when the raiser gave none), persists it in the audit log (which gives its id),
// then delivers it to every subscriber, in subscription order. Raises are serialised, so subscribers see
// events in id order; a persistence failure or a throwing subscriber is logged, never thrown.
// Thread-safety: raise() and subscribe() may be called from any thread; subscribers run on the raising
// thread, one event at a time, and may raise events themselves (delivered depth-first).
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
