#include "plugin/plugin_options.h"

#include <set>
#include <stdexcept>
#include <string>

#include "commands/dr_hooks.h"
#include "plugin/destination_options.h"

namespace georep::plugin {
namespace {

const nlohmann::json& section(const nlohmann::json& config, const std::string& name,
                              const std::set<std::string>& known) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  if (!config.contains(name)) return kEmpty;
  const auto& s = config.at(name);
  if (!s.is_object()) throw std::invalid_argument(name + " must be a JSON object");
  for (const auto& [key, value] : s.items()) {
    if (!known.count(key)) throw std::invalid_argument(name + "." + key + ": unknown setting");
  }
  return s;
}

std::int64_t integer(const nlohmann::json& s, const std::string& sectionName, const char* key, std::int64_t def,
                     std::int64_t min, std::int64_t max) {
  if (!s.contains(key)) return def;
  const std::string name = sectionName + "." + key;
  const auto& v = s.at(key);
  if (!v.is_number_integer()) throw std::invalid_argument(name + " must be an integer");
  const auto n = v.get<std::int64_t>();
  if (n < min || n > max) {
    throw std::invalid_argument(name + " must be within " + std::to_string(min) + ".." + std::to_string(max) +
                                ", not " + std::to_string(n));
  }
  return n;
}

}  // namespace

PluginOptions PluginOptions::fromJson(const nlohmann::json& config) {
  PluginOptions o;
  if (config.is_null()) return o;
  if (!config.is_object()) throw std::invalid_argument("the plugin configuration must be a JSON object");
  for (const auto& [key, value] : config.items()) {
    if (key != "commands" && key != "gluster" && key != "sync" && key != "dr" && key != "destinations") {
      throw std::invalid_argument(key + ": unknown section (known: commands, gluster, sync, dr, destinations)");
    }
  }
  const auto& c = section(config, "commands",
                          {"lock_wait_ms", "read_back_attempts", "read_back_interval_ms", "read_back_busy_reads",
                           "create_hook_wait_ms"});
  o.commands.lockWait = std::chrono::milliseconds(integer(c, "commands", "lock_wait_ms", 30000, 0, 600000));
  o.commands.readBackAttempts = static_cast<int>(integer(c, "commands", "read_back_attempts", 10, 1, 100));
  o.commands.readBackInterval =
      std::chrono::milliseconds(integer(c, "commands", "read_back_interval_ms", 1000, 0, 60000));
  o.commands.readBackBusyReads = static_cast<int>(integer(c, "commands", "read_back_busy_reads", 60, 0, 1000));
  o.commands.createHookWait =
      std::chrono::milliseconds(integer(c, "commands", "create_hook_wait_ms", 240000, 0, 3600000));
  const auto& g = section(config, "gluster", {"timeout_ms"});
  o.glusterTimeout = std::chrono::milliseconds(integer(g, "gluster", "timeout_ms", 120000, 1000, 3600000));
  const auto& dr = section(config, "dr", {"hook_programs", "stall_restart_after_seconds", "max_stall_restarts"});
  o.drStallRestartAfter = std::chrono::seconds(integer(dr, "dr", "stall_restart_after_seconds", 120, 0, 86400));
  o.drMaxStallRestarts = static_cast<int>(integer(dr, "dr", "max_stall_restarts", 2, 0, 10));
  o.commands.drHookPrograms = commands::parseDrHookPrograms(dr.contains("hook_programs") ? dr.at("hook_programs") : nlohmann::json());
  o.commands.destinations = parseDestinationOptions(
      section(config, "destinations",
              {"private_keys", "glusterd_restart", "mountbroker_root", "mountbroker_group", "set_pem_keys_script",
               "connect_timeout_ms", "test_interval_ms"}));
  return o;
}

}  // namespace georep::plugin
