#include "harness/engine_config.h"

#include <nlohmann/json.hpp>

namespace georep::testing::e2e {

// engine/src/config/engine_config.h: database, http, plugins (paths), plugin_config (id -> object),
// log_level. The georep plugin reads its sync job's tunables from plugin_config.georep.sync.
EngineLaunch engineLaunch(const EngineOptions& options, std::uint16_t port, const std::filesystem::path& configFile) {
  nlohmann::json config{
      {"database", {{"connect", options.databaseConnect}, {"pool_size", 8}}},
      {"http", {{"address", "127.0.0.1"}, {"port", port}}},
      {"plugins", nlohmann::json::array({options.pluginDir.string()})},
      {"log_level", "debug"},
      {"plugin_config",
       {{"georep",
         {{"sync",
           {{"enabled", options.syncEnabled},
            {"interval_ms", options.syncIntervalMs},
            {"config_interval_ms", options.syncConfigIntervalMs}}}}}}},
  };
  for (const auto& [key, value] : options.georepConfig.items()) config["plugin_config"]["georep"][key] = value;
  // host.add takes an SSH key by the name the config's allow-list gives it, never by path.
  if (!options.sshKey.empty()) config["allow"] = {{"ssh_keys", {{"lab", options.sshKey.string()}}}};
  EngineLaunch launch;
  launch.configText = config.dump(2);
  launch.args = {"--config", configFile.string()};
  return launch;
}

}  // namespace georep::testing::e2e
