// EngineConfig: file values, defaults, environment overrides, and typos refused by name.
#include <fstream>
#include <map>

#include <cstdlib>

#include <gtest/gtest.h>
#include <unistd.h>

#include "engine/src/config/engine_config.h"

namespace georep::engine {
namespace {

using nlohmann::json;

EnvLookup env(std::map<std::string, std::string> values) {
  return [values](const char* name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

std::string errorOf(const json& file, std::map<std::string, std::string> environment = {}) {
  try {
    makeEngineConfig(file, "/etc/georep", env(std::move(environment)));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(EngineConfig, ReadsEveryFieldOfTheFile) {
  const json file{{"database", {{"connect", "dbname=g host=/run/pg"}, {"pool_size", 12}, {"migrations", "mig"}}},
                  {"http", {{"address", "127.0.0.2"}, {"port", 9000}}},
                  {"plugins", {"plugins/georep/libgeorep.so", "/opt/other/libother.so"}},
                  {"plugin_config", {{"georep", {{"sync_interval_seconds", 30}}}}},
                  {"log_level", "debug"},
                  {"scheduler", {{"workers", 2}}}};
  auto c = makeEngineConfig(file, "/etc/georep", env({}));
  EXPECT_EQ(c.databaseConnect, "dbname=g host=/run/pg");
  EXPECT_EQ(c.databasePoolSize, 12u);
  EXPECT_EQ(c.engineMigrations, "/etc/georep/mig");
  EXPECT_EQ(c.httpAddress, "127.0.0.2");
  EXPECT_EQ(c.httpPort, 9000);
  ASSERT_EQ(c.plugins.size(), 2u);
  EXPECT_EQ(c.plugins[0], "/etc/georep/plugins/georep/libgeorep.so");
  EXPECT_EQ(c.plugins[1], "/opt/other/libother.so");
  EXPECT_EQ(c.pluginConfig["georep"]["sync_interval_seconds"], 30);
  EXPECT_EQ(c.logLevel, "debug");
  EXPECT_EQ(c.schedulerWorkers, 2u);
}

TEST(EngineConfig, DefaultsAreLoopbackPort8470AndInfo) {
  auto c = makeEngineConfig(json{{"database", {{"connect", "dbname=g"}}}}, "", env({}));
  EXPECT_EQ(c.httpAddress, "127.0.0.1");
  EXPECT_EQ(c.httpPort, 8470);
  EXPECT_EQ(c.logLevel, "info");
  EXPECT_TRUE(c.plugins.empty());
  EXPECT_EQ(c.databasePoolSize, 16u);
  EXPECT_FALSE(c.engineMigrations.empty());
}

TEST(EngineConfig, EnvironmentOverridesTheFile) {
  const json file{{"database", {{"connect", "dbname=file"}}}, {"http", {{"port", 9000}}}, {"plugins", {"a.so"}}};
  auto c = makeEngineConfig(file, "/etc/georep",
                            env({{"GEOREP_DB", "dbname=env"},
                                 {"GEOREP_HTTP_PORT", "9100"},
                                 {"GEOREP_PLUGINS", "/p/one.so::/p/two"},
                                 {"GEOREP_LOG_LEVEL", "warn"}}));
  EXPECT_EQ(c.databaseConnect, "dbname=env");
  EXPECT_EQ(c.httpPort, 9100);
  EXPECT_EQ(c.plugins, (std::vector<std::filesystem::path>{"/p/one.so", "/p/two"}));
  EXPECT_EQ(c.logLevel, "warn");
  // An empty GEOREP_PLUGINS means "no plugins".
  EXPECT_TRUE(makeEngineConfig(file, "", env({{"GEOREP_PLUGINS", ""}})).plugins.empty());
}

TEST(EngineConfig, NoFileNeedsGeorepDb) {
  EXPECT_NE(errorOf(json()).find("GEOREP_DB"), std::string::npos);
  EXPECT_EQ(makeEngineConfig(json(), "", env({{"GEOREP_DB", "dbname=x"}})).databaseConnect, "dbname=x");
}

TEST(EngineConfig, MistakesAreRefusedByName) {
  const json db{{"connect", "dbname=g"}};
  EXPECT_NE(errorOf(json{{"database", db}, {"htpp", json::object()}}).find("htpp"), std::string::npos);
  EXPECT_NE(errorOf(json{{"database", {{"connect", "x"}, {"poolsize", 3}}}}).find("database.poolsize"), std::string::npos);
  EXPECT_NE(errorOf(json{{"database", db}, {"http", {{"port", "8470"}}}}).find("http.port"), std::string::npos);
  EXPECT_NE(errorOf(json{{"database", db}, {"http", {{"port", 70000}}}}).find("http.port"), std::string::npos);
  EXPECT_NE(errorOf(json{{"database", {{"connect", "x"}, {"pool_size", 0}}}}).find("pool_size"), std::string::npos);
  EXPECT_NE(errorOf(json{{"database", db}, {"plugins", "a.so"}}).find("plugins"), std::string::npos);
  EXPECT_NE(errorOf(json{{"database", db}, {"plugin_config", {{"georep", 1}}}}).find("plugin_config.georep"),
            std::string::npos);
  EXPECT_NE(errorOf(json{{"database", db}, {"log_level", "loud"}}).find("loud"), std::string::npos);
  EXPECT_NE(errorOf(json{{"database", db}}, {{"GEOREP_HTTP_PORT", "80a"}}).find("GEOREP_HTTP_PORT"), std::string::npos);
  EXPECT_NE(errorOf(json{{"database", db}}, {{"GEOREP_HTTP_PORT", "65536"}}).find("GEOREP_HTTP_PORT"), std::string::npos);
  EXPECT_NE(errorOf(json::array()).find("object"), std::string::npos);
}

TEST(EngineConfig, LoadsAFileWithCommentsAndRefusesBadJson) {
  // A private directory: the engine refuses a config file in a directory others can write (like /tmp).
  std::string dir = (std::filesystem::temp_directory_path() / "georep_config_XXXXXX").string();
  ASSERT_NE(::mkdtemp(dir.data()), nullptr);
  const auto path = std::filesystem::path(dir) / "engine.json";
  std::ofstream(path) << "{\n  // the shared database\n  \"database\": {\"connect\": \"dbname=g\"},\n"
                         "  \"plugins\": [\"libx.so\"]\n}\n";
  auto c = loadEngineConfig(path, env({}));
  EXPECT_EQ(c.databaseConnect, "dbname=g");
  EXPECT_EQ(c.plugins.at(0), path.parent_path() / "libx.so");
  std::ofstream(path) << "{ not json";
  EXPECT_THROW(loadEngineConfig(path, env({})), ConfigError);
  std::filesystem::remove(path);
  EXPECT_THROW(loadEngineConfig(path, env({})), ConfigError);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace georep::engine
