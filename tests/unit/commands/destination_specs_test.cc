// The georep.destination.* specs against the manifest and the security rules: every command and event
// listed; passwords are `secret` parameters (the bus blanks them out of errors) on every command taking one;
// private keys are names (short strings), never paths; roles as the contract says.
#include <algorithm>
#include <fstream>
#include <map>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "commands/destination_handlers.h"

namespace georep::commands {
namespace {

TEST(DestinationSpecs, ListedInTheManifest) {
  std::ifstream in(GEOREP_MANIFEST);
  const auto m = nlohmann::json::parse(in);
  const auto listed = [](const nlohmann::json& list, const std::string& name) {
    return std::find(list.begin(), list.end(), name) != list.end();
  };
  for (const auto& spec : destinationCommandSpecs()) EXPECT_TRUE(listed(m["commands"], spec.name)) << spec.name;
  for (const auto& name : destinationEventNames()) EXPECT_TRUE(listed(m["events"], name)) << name;
}

TEST(DestinationSpecs, PasswordsAreSecretAndRolesAreTheContracts) {
  const std::map<std::string, api::Role> roles{
      {"georep.destination.probe", api::Role::kAdmin},       {"georep.destination.create", api::Role::kAdmin},
      {"georep.destination.list", api::Role::kViewer},       {"georep.destination.get", api::Role::kViewer},
      {"georep.destination.test", api::Role::kOperator},     {"georep.destination.reestablish", api::Role::kAdmin},
      {"georep.destination.remove", api::Role::kAdmin},      {"georep.destination.keys", api::Role::kAdmin}};
  const auto specs = destinationCommandSpecs();
  EXPECT_EQ(specs.size(), roles.size());
  for (const auto& spec : specs) {
    ASSERT_TRUE(roles.count(spec.name)) << spec.name;
    EXPECT_EQ(spec.role, roles.at(spec.name)) << spec.name;
    for (const auto& p : spec.params) {
      if (p.name == "password") EXPECT_TRUE(p.secret) << spec.name;
      if (p.name == "private_key") {
        EXPECT_FALSE(p.secret);
        EXPECT_LE(p.maxLength.value_or(1000), 64u) << spec.name;
      }
      EXPECT_FALSE(p.description.empty()) << spec.name << " " << p.name;
    }
  }
}

}  // namespace
}  // namespace georep::commands
