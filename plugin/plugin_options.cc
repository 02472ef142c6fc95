#include "plugin/plugin_options.h"

#include <stdexcept>
#include <string>

namespace georep::plugin {
namespace {

std::int64_t integer(const nlohmann::json& config, const char* key, std::int64_t def, std::int64_t min,
                     std::int64_t max) {
  if (!config.contains(key)) return def;
  const auto& v = config.at(key);
  if (!v.is_number_integer()) throw std::invalid_argument(std::string("plugin option ") + key + " must be an integer");
  const auto n = v.get<std::int64_t>();
  if (n < min || n > max) {
    throw std::invalid_argument(std::string("plugin option ") + key + " must be within " + std::to_string(min) +
                                ".." + std::to_string(max) + ", not " + std::to_string(n));
  }
  return n;
}

}  // namespace

PluginOptions PluginOptions::fromJson(const nlohmann::json& config) {
  PluginOptions o;
  if (config.is_null()) return o;
  if (!config.is_object()) throw std::invalid_argument("the plugin configuration must be a JSON object");
  o.commands.lockWait = std::chrono::milliseconds(integer(config, "lock_wait_ms", 30000, 0, 600000));
  o.commands.readBackAttempts = static_cast<int>(integer(config, "read_back_attempts", 10, 1, 100));
  o.commands.readBackInterval = std::chrono::milliseconds(integer(config, "read_back_interval_ms", 1000, 0, 60000));
  o.glusterTimeout = std::chrono::milliseconds(integer(config, "gluster_timeout_ms", 120000, 1000, 3600000));
  return o;
}

}  // namespace georep::plugin
