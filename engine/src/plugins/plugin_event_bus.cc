#include "engine/src/plugins/plugin_event_bus.h"

#include "engine/src/events/engine_event_bus.h"

namespace georep::engine {

void PluginEventBus::raise(api::Event event) { inner_.raise(std::move(event)); }

boost::signals2::connection PluginEventBus::subscribe(std::function<void(const api::Event&)> subscriber) {
  auto connection = inner_.subscribe(std::move(subscriber));
  std::lock_guard lock(mutex_);
  connections_.push_back(connection);
  return connection;
}

void PluginEventBus::releaseAll() {
  std::vector<boost::signals2::connection> connections;
  {
    std::lock_guard lock(mutex_);
    connections.swap(connections_);
  }
  for (auto& c : connections) c.disconnect();
  inner_.quiesce();
}

}  // namespace georep::engine
