// PluginEventBus: a plugin's view of the engine's event bus. Every subscription the plugin makes through
// it is remembered, so the loader can disconnect them all (releaseAll) after the plugin's stop() and
// wait until no delivery is in progress, before its library is released.
// Thread-safety: as api::EventBus; releaseAll() may be called from any thread.
#pragma once

#include <mutex>
#include <vector>

#include "engine/api/event_bus.h"

namespace georep::engine {

class EngineEventBus;

class PluginEventBus : public api::EventBus {
 public:
  explicit PluginEventBus(EngineEventBus& inner) : inner_(inner) {}
  void raise(api::Event event) override;
  boost::signals2::connection subscribe(std::function<void(const api::Event&)> subscriber) override;
  // Disconnects every subscription, then waits until no delivery is in progress.
  void releaseAll();

 private:
  EngineEventBus& inner_;
  std::mutex mutex_;
  std::vector<boost::signals2::connection> connections_;
};

}  // namespace georep::engine
