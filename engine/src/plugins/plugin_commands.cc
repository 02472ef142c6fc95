#include "engine/src/plugins/plugin_commands.h"

#include "engine/src/plugins/plugin_loader.h"

namespace georep::engine {

api::Registration registerPluginCommands(api::CommandBus& bus, const PluginLoader& loader) {
  return bus.registerHandler(
      api::CommandSpec{"engine.plugins", "the loaded plugins, and the refused ones with their reasons", {},
                       api::Role::kViewer},
      [&loader](const nlohmann::json&, const api::CommandContext&) {
        nlohmann::json loaded = nlohmann::json::array();
        for (const auto& p : loader.loaded()) {
          loaded.push_back({{"id", p.id}, {"name", p.name}, {"version", p.version}, {"library", p.library.string()},
                            {"commands", p.commands}, {"jobs", p.jobs}});
        }
        nlohmann::json refused = nlohmann::json::array();
        for (const auto& r : loader.refused()) refused.push_back({{"id", r.id}, {"reason", r.message}});
        return nlohmann::json{{"plugins", loaded}, {"refused", refused}};
      });
}

}  // namespace georep::engine
