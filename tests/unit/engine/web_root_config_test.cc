// http.web_root in the engine config: the web console's directory. Unset, the build's web/dist is used
// when it can be served (webRootOptional: only a warning otherwise); set, it is resolved against the
// config file's directory and required; "" turns the console off.
#include <optional>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/src/config/engine_config.h"

namespace georep::engine {
namespace {

using nlohmann::json;

EngineConfig configWith(const json& http) {
  json file{{"database", {{"connect", "dbname=x"}}}};
  if (!http.is_null()) file["http"] = http;
  return makeEngineConfig(file, "/etc/georep", [](const char*) { return std::optional<std::string>(); });
}

TEST(WebRootConfigTest, DefaultsToTheBuildsConsoleAsOptional) {
  const EngineConfig config = configWith(nullptr);
  const std::string suffix = "/web/dist";  // the source tree's build output (GEOREP_WEB_ROOT_DIR)
  ASSERT_GE(config.http.webRoot.size(), suffix.size());
  EXPECT_EQ(config.http.webRoot.substr(config.http.webRoot.size() - suffix.size()), suffix);
  EXPECT_TRUE(config.http.webRootOptional);
}

TEST(WebRootConfigTest, AConfiguredRootIsResolvedAndRequired) {
  const EngineConfig relative = configWith({{"web_root", "console"}});
  EXPECT_EQ(relative.http.webRoot, "/etc/georep/console");
  EXPECT_FALSE(relative.http.webRootOptional);
  EXPECT_EQ(configWith({{"web_root", "/usr/share/georep/web"}}).http.webRoot, "/usr/share/georep/web");
}

TEST(WebRootConfigTest, EmptyTurnsTheConsoleOffAndAWrongTypeIsRefused) {
  EXPECT_TRUE(configWith({{"web_root", ""}}).http.webRoot.empty());
  EXPECT_THROW(configWith({{"web_root", 3}}), ConfigError);
}

}  // namespace
}  // namespace georep::engine
