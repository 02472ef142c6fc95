// The "leadership" section of the engine config and GEOREP_ENGINE_ID: defaults, values, and every wrong
// value refused with the key named (a typo never silently falls back to a default).
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "engine/src/config/engine_config.h"

namespace georep::engine {
namespace {

using nlohmann::json;

EngineConfig configOf(const json& file, std::map<std::string, std::string> values = {}) {
  values.emplace("GEOREP_DB", "dbname=x");
  return makeEngineConfig(file, "/etc/georep", [values](const char* name) -> std::optional<std::string> {
    const auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  });
}

std::string errorOf(const json& file, std::map<std::string, std::string> values = {}) {
  try {
    configOf(file, std::move(values));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(LeadershipConfig, DefaultsAndValues) {
  const auto defaults = configOf(json::object());
  EXPECT_EQ(defaults.leadership.engineId, "");
  EXPECT_EQ(defaults.leadership.tick.count(), 2000);
  EXPECT_EQ(defaults.leadership.lease.count(), 5000);
  const auto set = configOf(json{{"leadership", {{"engine_id", "mgmt-1.example:a_b"}, {"tick_ms", 500}, {"lease_ms", 1500}}}});
  EXPECT_EQ(set.leadership.engineId, "mgmt-1.example:a_b");
  EXPECT_EQ(set.leadership.tick.count(), 500);
  EXPECT_EQ(set.leadership.lease.count(), 1500);
  EXPECT_EQ(configOf(json{{"leadership", {{"tick_ms", 5000}}}}).leadership.lease.count(), 10000)
      << "the default lease grows to twice the tick";
  EXPECT_EQ(configOf(json{{"leadership", {{"engine_id", "a"}}}}, {{"GEOREP_ENGINE_ID", "from-env"}}).leadership.engineId,
            "from-env");
}

TEST(LeadershipConfig, WrongValuesAreRefusedNamingTheKey) {
  EXPECT_NE(errorOf(json{{"leadership", {{"tick", 500}}}}).find("leadership.tick"), std::string::npos);
  EXPECT_NE(errorOf(json{{"leadership", {{"tick_ms", 50}}}}).find("leadership.tick_ms"), std::string::npos);
  EXPECT_NE(errorOf(json{{"leadership", {{"tick_ms", "fast"}}}}).find("leadership.tick_ms"), std::string::npos);
  EXPECT_NE(errorOf(json{{"leadership", {{"tick_ms", 1000}, {"lease_ms", 1500}}}}).find("twice"), std::string::npos);
  EXPECT_NE(errorOf(json{{"leadership", {{"lease_ms", 18446744073709551615ULL}}}}).find("leadership.lease_ms"),
            std::string::npos);
  EXPECT_NE(errorOf(json{{"leadership", {{"engine_id", "a b"}}}}).find("leadership.engine_id"), std::string::npos);
  EXPECT_NE(errorOf(json{{"leadership", {{"engine_id", std::string(129, 'a')}}}}).find("leadership.engine_id"),
            std::string::npos);
  EXPECT_NE(errorOf(json{{"leadership", {{"engine_id", ""}}}}).find("leadership.engine_id"), std::string::npos);
  EXPECT_NE(errorOf(json{{"leadership", 5}}).find("leadership"), std::string::npos);
  EXPECT_NE(errorOf(json::object(), {{"GEOREP_ENGINE_ID", "x;rm -rf"}}).find("GEOREP_ENGINE_ID"), std::string::npos);
}

TEST(LeadershipConfig, AGeneratedEngineIdIsValid) {
  const std::string id = generateEngineId();
  EXPECT_TRUE(validEngineId(id)) << id;
  EXPECT_NE(id, generateEngineId());
}

}  // namespace
}  // namespace georep::engine
