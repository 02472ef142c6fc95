#include "engine/src/plugins/plugin_services.h"

#include "engine/src/events/engine_event_bus.h"

namespace georep::engine {

api::Registration PluginCommandBus::registerHandler(api::CommandSpec spec, api::CommandHandler handler) {
  return tracker_->track(inner_.registerHandler(std::move(spec), std::move(handler)));
}

api::CommandOutcome PluginCommandBus::dispatch(const std::string& name, const nlohmann::json& params) {
  return inner_.dispatch(name, params);
}

std::vector<api::CommandSpec> PluginCommandBus::commands() const { return inner_.commands(); }

api::Registration PluginScheduler::schedule(api::JobSpec job) { return tracker_->track(inner_.schedule(std::move(job))); }

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
