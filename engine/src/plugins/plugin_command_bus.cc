#include "engine/src/plugins/plugin_command_bus.h"

namespace georep::engine {

api::Registration PluginCommandBus::registerHandler(api::CommandSpec spec, api::CommandHandler handler) {
  return tracker_->track(inner_.registerHandler(std::move(spec), std::move(handler)));
}

api::CommandOutcome PluginCommandBus::dispatch(const std::string& name, const nlohmann::json& params) {
  return inner_.dispatch(name, params);
}

api::CommandOutcome PluginCommandBus::dispatchAs(const api::Caller& caller, const std::string& name,
                                                 const nlohmann::json& params) {
  return inner_.dispatchAs(caller, name, params);
}

std::vector<api::CommandSpec> PluginCommandBus::commands() const { return inner_.commands(); }

}  // namespace georep::engine
