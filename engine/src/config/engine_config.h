// EngineConfig: what georep-engine runs with, read from a JSON file (georep-engine --config FILE) and
// overridden by the environment: GEOREP_DB (database connect string), GEOREP_HTTP_PORT,
// GEOREP_PLUGINS (plugin paths separated by ':'), GEOREP_LOG_LEVEL, GEOREP_ENGINE_ID. See etc/georep-engine.example.json.
// Unknown keys and mistyped values are refused with a message naming the key, so a typo never silently
// falls back to a default. Relative paths in the file are relative to the file's directory.
// Thread-safety: plain values; the functions are pure (the environment is passed in).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/src/config/allow_list.h"
#include "engine/src/http/http_server.h"
#include "engine/src/leadership/leadership_options.h"

namespace georep::engine {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct EngineConfig {
  std::string databaseConnect;                   // libpq connect string; may hold a password: never log it
  std::size_t databasePoolSize = 16;
  // Connections of the pool left to periodic jobs when http.max_commands_in_flight is not set.
  static constexpr std::size_t kPoolKeptForJobs = 5;
  std::filesystem::path engineMigrations;        // engine/migrations; default set by the build
  std::string httpAddress = "127.0.0.1";
  std::uint16_t httpPort = 8470;
  // Everything the HTTP server runs with: the http.* keys (TLS files, I/O threads, limits, timeouts), and
  // address/port copied from httpAddress/httpPort; maxCommandsInFlight is the database pool size less
  // kPoolKeptForJobs (at least 1) unless http.max_commands_in_flight is set.
  HttpOptions http;
  std::vector<std::filesystem::path> plugins;    // .so files or plugin directories
  nlohmann::json pluginConfig = nlohmann::json::object();  // plugin id -> its config object
  std::string logLevel = "info";
  std::size_t schedulerWorkers = 4;
  AllowList allow;                               // "allow": programs and keys an admin may pick by name
  LeadershipOptions leadership;                  // "leadership" (engine/src/leadership/leadership_options.h)
};

// Looks up an environment variable; std::nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const char* name)>;
EnvLookup processEnvironment();

// Builds the config from a parsed file (may be null: no file) and the environment. Throws ConfigError.
EngineConfig makeEngineConfig(const nlohmann::json& file, const std::filesystem::path& baseDir, const EnvLookup& env);

// Reads FILE (when given; refused unless only root or the engine's user can change it), then applies the
// environment, then checks every allow-listed path (config_file_check.h). Throws ConfigError.
EngineConfig loadEngineConfig(const std::optional<std::filesystem::path>& file, const EnvLookup& env);

}  // namespace georep::engine
