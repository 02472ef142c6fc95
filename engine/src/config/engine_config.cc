#include "engine/src/config/engine_config.h"

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <set>

#include <unistd.h>

#include "engine/src/config/config_file_check.h"

namespace georep::engine {
namespace {

#ifndef GEOREP_ENGINE_MIGRATIONS_DIR
#define GEOREP_ENGINE_MIGRATIONS_DIR "engine/migrations"
#endif

void checkKeys(const nlohmann::json& object, const std::string& where, const std::set<std::string>& allowed) {
  for (const auto& [key, value] : object.items()) {
    if (!allowed.count(key)) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      throw ConfigError("config: unknown key " + where + key + " (allowed: " + list + ")");
    }
  }
}

const nlohmann::json* section(const nlohmann::json& parent, const char* key) {
  auto it = parent.find(key);
  if (it == parent.end() || it->is_null()) return nullptr;
  if (!it->is_object()) throw ConfigError(std::string("config: \"") + key + "\" must be an object");
  return &*it;
}

std::string getString(const nlohmann::json& object, const char* key, const std::string& where, std::string fallback) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return fallback;
  if (!it->is_string()) throw ConfigError("config: " + where + key + " must be a string");
  return it->get<std::string>();
}

std::int64_t getInteger(const nlohmann::json& object, const char* key, const std::string& where, std::int64_t fallback,
                        std::int64_t min, std::int64_t max) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return fallback;
  if (!it->is_number_integer()) throw ConfigError("config: " + where + key + " must be an integer");
  if (it->is_number_unsigned() && it->get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
    throw ConfigError("config: " + where + key + " must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  const auto v = it->get<std::int64_t>();
  if (v < min || v > max) {
    throw ConfigError("config: " + where + key + " must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return v;
}

std::filesystem::path resolve(const std::filesystem::path& p, const std::filesystem::path& baseDir) {
  return p.is_absolute() || baseDir.empty() ? p : baseDir / p;
}

std::uint16_t parsePort(const std::string& text, const char* source) {
  unsigned value = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value > 65535) {
    throw ConfigError(std::string(source) + " must be a port number between 0 and 65535, not '" + text + "'");
  }
  return static_cast<std::uint16_t>(value);
}

std::size_t getSize(const nlohmann::json& object, const char* key, std::size_t fallback, std::int64_t min,
                    std::int64_t max) {
  return static_cast<std::size_t>(getInteger(object, key, "http.", static_cast<std::int64_t>(fallback), min, max));
}

// The http.* keys beyond address and port (see HttpOptions for what each one limits).
void readHttpLimits(const nlohmann::json& http, const std::filesystem::path& baseDir, HttpOptions& options) {
  const std::string certificate = getString(http, "tls_certificate", "http.", "");
  const std::string key = getString(http, "tls_private_key", "http.", "");
  if (certificate.empty() != key.empty())
    throw ConfigError("config: http.tls_certificate and http.tls_private_key must be set together");
  if (!certificate.empty()) {
    options.tlsCertificate = resolve(certificate, baseDir).string();
    options.tlsPrivateKey = resolve(key, baseDir).string();
  }
  options.ioThreads = getSize(http, "io_threads", options.ioThreads, 1, 64);
  options.maxCommandsInFlight = getSize(http, "max_commands_in_flight", options.maxCommandsInFlight, 1, 1024);
  options.maxQueuedRequests = getSize(http, "max_queued_requests", options.maxQueuedRequests, 0, 100000);
  options.maxBufferedBodyBytes =
      getSize(http, "max_buffered_body_bytes", options.maxBufferedBodyBytes, 1 << 20, std::int64_t{1} << 40);
  options.maxConnections = getSize(http, "max_connections", options.maxConnections, 1, 1000000);
  options.maxConnectionsPerAddress =
      getSize(http, "max_connections_per_address", options.maxConnectionsPerAddress, 1, 1000000);
  options.maxBodyBytes = getSize(http, "max_body_bytes", options.maxBodyBytes, 1024, std::int64_t{1} << 30);
  options.maxHeaderBytes = getSize(http, "max_header_bytes", options.maxHeaderBytes, 1024, 1 << 20);
  options.headerTimeoutSeconds = getSize(http, "header_timeout_seconds", options.headerTimeoutSeconds, 1, 3600);
  options.bodyTimeoutSeconds = getSize(http, "body_timeout_seconds", options.bodyTimeoutSeconds, 1, 3600);
  options.readTimeoutSeconds = getSize(http, "idle_timeout_seconds", options.readTimeoutSeconds, 1, 86400);
  if (http.contains("web_root") && !http["web_root"].is_null()) {  // "" turns the web console off
    const std::string webRoot = getString(http, "web_root", "http.", "");
    options.webRoot = webRoot.empty() ? std::string() : resolve(webRoot, baseDir).string();
    options.webRootOptional = false;
  }
}

}  // namespace

EnvLookup processEnvironment() {
  return [](const char* name) -> std::optional<std::string> {
    const char* value = std::getenv(name);
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

EngineConfig makeEngineConfig(const nlohmann::json& file, const std::filesystem::path& baseDir, const EnvLookup& env) {
  EngineConfig config;
  config.engineMigrations = GEOREP_ENGINE_MIGRATIONS_DIR;
  config.http.webRoot = GEOREP_WEB_ROOT_DIR;  // the console built in the source tree, when it is there
  config.http.webRootOptional = true;
  bool httpCommandsSet = false;
  if (!file.is_null()) {
    if (!file.is_object()) throw ConfigError("config: the file must hold a JSON object");
    checkKeys(file, "", {"database", "http", "plugins", "plugin_config", "log_level", "scheduler", "allow", "leadership"});
    config.allow = AllowList::fromJson(section(file, "allow"));
    if (const auto* db = section(file, "database")) {
      checkKeys(*db, "database.", {"connect", "pool_size", "migrations"});
      config.databaseConnect = getString(*db, "connect", "database.", "");
      config.databasePoolSize = static_cast<std::size_t>(getInteger(*db, "pool_size", "database.", 16, 1, 200));
      const std::string migrations = getString(*db, "migrations", "database.", "");
      if (!migrations.empty()) config.engineMigrations = resolve(migrations, baseDir);
    }
    if (const auto* http = section(file, "http")) {
      checkKeys(*http, "http.", {"address", "port", "tls_certificate", "tls_private_key", "io_threads",
                                 "max_commands_in_flight", "max_queued_requests", "max_buffered_body_bytes", "max_connections",
                                 "max_connections_per_address", "max_body_bytes", "max_header_bytes",
                                 "header_timeout_seconds", "body_timeout_seconds", "idle_timeout_seconds", "web_root"});
      config.httpAddress = getString(*http, "address", "http.", config.httpAddress);
      config.httpPort = static_cast<std::uint16_t>(getInteger(*http, "port", "http.", config.httpPort, 0, 65535));
      readHttpLimits(*http, baseDir, config.http);
      httpCommandsSet = http->contains("max_commands_in_flight") && !(*http)["max_commands_in_flight"].is_null();
    }
    if (auto it = file.find("plugins"); it != file.end() && !it->is_null()) {
      if (!it->is_array()) throw ConfigError("config: plugins must be an array of paths");
      for (const auto& p : *it) {
        if (!p.is_string() || p.get<std::string>().empty()) throw ConfigError("config: plugins must hold non-empty path strings");
        config.plugins.push_back(resolve(p.get<std::string>(), baseDir));
      }
    }
    if (auto it = file.find("plugin_config"); it != file.end() && !it->is_null()) {
      if (!it->is_object()) throw ConfigError("config: plugin_config must be an object of plugin id -> object");
      for (const auto& [id, value] : it->items()) {
        if (!value.is_object()) throw ConfigError("config: plugin_config." + id + " must be an object");
      }
      config.pluginConfig = *it;
    }
    config.logLevel = getString(file, "log_level", "", config.logLevel);
    if (const auto* scheduler = section(file, "scheduler")) {
      checkKeys(*scheduler, "scheduler.", {"workers"});
      config.schedulerWorkers = static_cast<std::size_t>(getInteger(*scheduler, "workers", "scheduler.", 4, 1, 64));
    }
    try {
      config.leadership = LeadershipOptions::fromJson(file.value("leadership", nlohmann::json()));
    } catch (const std::invalid_argument& e) {
      throw ConfigError(std::string("config: ") + e.what());
    }
  }

  if (auto v = env("GEOREP_DB"); v && !v->empty()) config.databaseConnect = *v;
  if (auto v = env("GEOREP_HTTP_PORT"); v && !v->empty()) config.httpPort = parsePort(*v, "GEOREP_HTTP_PORT");
  if (auto v = env("GEOREP_PLUGINS"); v) {
    config.plugins.clear();
    std::size_t start = 0;
    while (start <= v->size()) {
      const auto end = v->find(':', start);
      const std::string part = v->substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (!part.empty()) config.plugins.emplace_back(part);
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  if (auto v = env("GEOREP_LOG_LEVEL"); v && !v->empty()) config.logLevel = *v;
  if (auto v = env("GEOREP_ENGINE_ID"); v && !v->empty()) {
    if (!validEngineId(*v)) throw ConfigError("GEOREP_ENGINE_ID must be 1 to 128 of A-Z a-z 0-9 . _ : -");
    config.leadership.engineId = *v;
  }

  static const std::set<std::string> kLevels{"trace", "debug", "info", "warn", "error", "critical", "off"};
  if (!kLevels.count(config.logLevel)) {
    throw ConfigError("config: log_level '" + config.logLevel + "' is not one of trace, debug, info, warn, error, critical, off");
  }
  config.http.address = config.httpAddress;
  config.http.port = config.httpPort;
  // Each running command holds at most one connection; the rest of the pool is kept for the periodic jobs
  // (the sync job's lanes, the reconnect probe), so that commands never starve them.
  if (!httpCommandsSet) {
    config.http.maxCommandsInFlight =
        config.databasePoolSize > EngineConfig::kPoolKeptForJobs ? config.databasePoolSize - EngineConfig::kPoolKeptForJobs : 1;
  }
  if (config.databaseConnect.empty()) {
    throw ConfigError("config: no database: set database.connect in the config file or GEOREP_DB");
  }
  return config;
}

EngineConfig loadEngineConfig(const std::optional<std::filesystem::path>& file, const EnvLookup& env) {
  nlohmann::json parsed;
  std::filesystem::path baseDir;
  if (file) {
    checkConfigFileTrusted(*file, ::geteuid());
    std::ifstream in(*file);
    if (!in) throw ConfigError("config: cannot read " + file->string());
    try {
      parsed = nlohmann::json::parse(in, nullptr, true, /*ignore_comments=*/true);
    } catch (const nlohmann::json::exception& e) {
      throw ConfigError("config: " + file->string() + " is not valid JSON: " + e.what());
    }
    baseDir = std::filesystem::absolute(*file).parent_path();
  }
  EngineConfig config = makeEngineConfig(parsed, baseDir, env);
  checkAllowListTrusted(config.allow, ::geteuid());
  return config;
}

}  // namespace georep::engine
