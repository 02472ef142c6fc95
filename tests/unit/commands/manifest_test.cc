// manifest.json against the code: it lists every command the plugin registers and every event the
// commands raise; every command spec is well formed (georep.<noun>.<verb>, described, parameters described).
#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "commands/command_events.h"
#include "commands/dr_handlers.h"
#include "commands/register_commands.h"
#include "commands/register_routes.h"

namespace georep::commands {
namespace {

nlohmann::json manifest() {
  std::ifstream in(GEOREP_MANIFEST);
  return nlohmann::json::parse(in);
}

bool listed(const nlohmann::json& list, const std::string& name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

TEST(Manifest, ListsEveryCommandAndEvent) {
  const auto m = manifest();
  for (const auto& spec : commandSpecs()) EXPECT_TRUE(listed(m["commands"], spec.name)) << spec.name;
  for (const auto& name : commandEventNames()) EXPECT_TRUE(listed(m["events"], name)) << name;
  for (const auto& name : drPolicyEventNames()) EXPECT_TRUE(listed(m["events"], name)) << name;
  std::set<std::string> unique(m["events"].begin(), m["events"].end());
  EXPECT_EQ(unique.size(), m["events"].size()) << "duplicate event names";
}

TEST(Manifest, SpecsAreWellFormed) {
  const std::regex commandName(R"(georep\.[a-z]+(\.[a-z]+)?\.[a-z_]+)");  // georep.dr.policy.create
  std::set<std::string> names;
  for (const auto& spec : commandSpecs()) {
    EXPECT_TRUE(std::regex_match(spec.name, commandName)) << spec.name;
    EXPECT_TRUE(names.insert(spec.name).second) << "registered twice: " << spec.name;
    EXPECT_FALSE(spec.description.empty()) << spec.name;
    for (const auto& p : spec.params) EXPECT_FALSE(p.description.empty()) << spec.name << " " << p.name;
  }
  EXPECT_EQ(names.size(), 34u);
  const std::regex eventName(R"(georep\.[a-z]+(\.[a-z]+)?\.[a-z_]+)");
  for (const auto& e : commandEventNames()) EXPECT_TRUE(std::regex_match(e, eventName)) << e;
  for (const auto& e : drPolicyEventNames()) EXPECT_TRUE(std::regex_match(e, eventName)) << e;
}

TEST(Manifest, SessionCommandsIdentifySessionsById) {
  for (const auto& spec : commandSpecs()) {
    if (spec.name == "georep.session.create" || spec.name == "georep.session.list" ||
        spec.name == "georep.volume.refresh" || spec.name == "georep.volume.list" ||
        spec.name == "georep.volume.get" || spec.name == "georep.dr.policy.list" ||
        spec.name == "georep.session.eligibility" ||  // about a session to create: no id yet
        spec.name.rfind("georep.destination.", 0) == 0) {  // destinations: by `destination` id or by host
      continue;
    }
    ASSERT_FALSE(spec.params.empty()) << spec.name;
    EXPECT_EQ(spec.params[0].name, "session_id") << spec.name;
    EXPECT_TRUE(spec.params[0].required) << spec.name;
    EXPECT_EQ(spec.params[0].type, api::ParamType::kInteger) << spec.name;
  }
}

TEST(Manifest, EveryRouteDispatchesAPluginCommandWithParametersItDeclares) {
  std::map<std::string, api::CommandSpec> specs;
  for (const auto& spec : commandSpecs()) specs.emplace(spec.name, spec);
  for (const auto& spec : {drRunNowSpec(), drRunCancelSpec()}) specs.emplace(spec.name, spec);  // the scheduler's
  const auto declares = [&](const std::string& command, const std::string& param) {
    const auto& params = specs.at(command).params;
    return std::any_of(params.begin(), params.end(), [&](const api::ParamSpec& p) { return p.name == param; });
  };
  for (const auto& route : routeSpecs()) {
    ASSERT_TRUE(specs.count(route.command)) << route.path;
    for (const auto& p : route.params) {
      EXPECT_TRUE(declares(route.command, p.target())) << route.method << " " << route.path << " " << p.name;
      if (p.source == api::RouteSource::kPath)
        EXPECT_NE(route.path.find("{" + p.name + "}"), std::string::npos) << route.path << " " << p.name;
    }
    for (const auto& [name, value] : route.fixedParams.items())
      EXPECT_TRUE(declares(route.command, name)) << route.path << " " << name;
    if (route.scope && !route.scope->command.empty()) EXPECT_TRUE(specs.count(route.scope->command)) << route.path;
  }
}

}  // namespace
}  // namespace georep::commands
