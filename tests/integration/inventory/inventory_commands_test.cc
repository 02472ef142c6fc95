// The inventory commands on the engine's real command bus and a real PostgreSQL: result shapes,
// defaults from the schemas, typed errors naming the field, and that a refused command stores nothing.
#include "engine/src/inventory/inventory_commands.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/src/commands/engine_command_bus.h"
#include "engine/src/config/allow_list.h"
#include "engine/src/inventory/pg_inventory.h"
#include "support/test_database.h"

namespace georep::engine {
namespace {

using nlohmann::json;

constexpr const char* kFingerprint = "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8";

class InventoryCommandsTest : public ::testing::Test {
 protected:
  json ok(const std::string& name, const json& params) {
    const auto outcome = bus_.dispatch(name, params);
    EXPECT_TRUE(outcome.ok) << name << ": " << (outcome.error ? outcome.error->what() : "");
    return outcome.result;
  }
  api::CommandError failure(const std::string& name, const json& params) {
    auto outcome = bus_.dispatch(name, params);
    EXPECT_FALSE(outcome.ok) << name << " " << params.dump();
    return outcome.error.value_or(api::CommandError(api::ErrorCode::kInternal, "no error"));
  }

  testing::TestDatabase db_{testing::TestDatabase::Schema::kEngine};
  EngineCommandBus bus_;
  PgInventory inventory_{db_.database()};
  // As the engine config's "allow" section would give it; the built-in gluster is /usr/sbin/gluster.
  AllowList allow_ = [] {
    const json section{{"gluster_commands", {{"sbin", "/sbin/gluster"}}},
                       {"ssh_keys", {{"dr", "/etc/georep/dr_key"}}}};
    return AllowList::fromJson(&section, [] { return std::optional<std::string>("/usr/sbin/gluster"); });
  }();
  std::vector<api::Registration> registrations_ = registerInventoryCommands(bus_, inventory_, allow_);
};

TEST_F(InventoryCommandsTest, AllSixCommandsAreRegisteredAndGoWithTheirRegistrations) {
  std::vector<std::string> names;
  for (const auto& spec : bus_.commands()) names.push_back(spec.name);
  for (const char* name : {"cluster.add", "cluster.list", "cluster.remove", "host.add", "host.list", "host.remove"})
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  registrations_.clear();
  EXPECT_TRUE(bus_.commands().empty());
  EXPECT_EQ(failure("cluster.list", json::object()).code(), api::ErrorCode::kNotFound);
}

TEST_F(InventoryCommandsTest, ClusterAddAppliesDefaultsAndListCountsHosts) {
  const json added = ok("cluster.add", {{"name", "prod"}});
  EXPECT_EQ(added["cluster"]["name"], "prod");
  EXPECT_EQ(added["cluster"]["gluster_command"], "/usr/sbin/gluster");  // the built-in "gluster", resolved
  EXPECT_EQ(added["cluster"]["transport"], "ssh");
  EXPECT_GT(added["cluster"]["id"].get<std::int64_t>(), 0);
  ok("cluster.add", {{"name", "lab"}, {"transport", "local"}, {"gluster_command", "sbin"}});
  ok("host.add", {{"cluster", "prod"}, {"address", "gl1"}, {"host_key_fingerprint", kFingerprint}});

  const json list = ok("cluster.list", json::object());
  ASSERT_EQ(list["clusters"].size(), 2u);
  EXPECT_EQ(list["clusters"][0]["name"], "prod");
  EXPECT_EQ(list["clusters"][0]["hosts"], 1);
  EXPECT_EQ(list["clusters"][1]["name"], "lab");
  EXPECT_EQ(list["clusters"][1]["transport"], "local");
  EXPECT_EQ(list["clusters"][1]["gluster_command"], "/sbin/gluster");
  EXPECT_EQ(list["clusters"][1]["hosts"], 0);
}

TEST_F(InventoryCommandsTest, HostAddAppliesDefaultsAndListFiltersByCluster) {
  ok("cluster.add", {{"name", "prod"}});
  ok("cluster.add", {{"name", "dr"}, {"transport", "local"}});
  const json host = ok("host.add", {{"cluster", "prod"}, {"address", "gl1"}, {"host_key_fingerprint", kFingerprint}});
  EXPECT_EQ(host["host"]["ssh_port"], 22);
  EXPECT_EQ(host["host"]["ssh_user"], "root");
  EXPECT_EQ(host["host"]["ssh_key_path"], "");
  EXPECT_EQ(host["host"]["ssh_key"], nullptr);
  EXPECT_EQ(host["host"]["state"], "unknown");
  EXPECT_EQ(host["host"]["cluster"], "prod");
  ok("host.add", {{"cluster", "dr"}, {"address", "10.1.1.1"}, {"ssh_port", 2200}, {"ssh_user", "geo"},
                  {"ssh_key", "dr"}});

  const json all = ok("host.list", json::object());
  ASSERT_EQ(all["hosts"].size(), 2u);
  EXPECT_EQ(all["hosts"][0]["cluster"], "dr");
  EXPECT_EQ(all["hosts"][0]["ssh_port"], 2200);
  EXPECT_EQ(all["hosts"][0]["ssh_user"], "geo");
  EXPECT_EQ(all["hosts"][0]["ssh_key_path"], "/etc/georep/dr_key");
  EXPECT_EQ(all["hosts"][0]["ssh_key"], "dr");
  const json prod = ok("host.list", {{"cluster", "prod"}});
  ASSERT_EQ(prod["hosts"].size(), 1u);
  EXPECT_EQ(prod["hosts"][0]["address"], "gl1");
  EXPECT_EQ(failure("host.list", {{"cluster", "nope"}}).code(), api::ErrorCode::kNotFound);
}

TEST_F(InventoryCommandsTest, RefusalsAreTypedNameTheFieldAndStoreNothing) {
  struct Case {
    std::string command;
    json params;
    api::ErrorCode code;
    std::string field;
  };
  ok("cluster.add", {{"name", "prod"}});
  const std::vector<Case> cases = {
      {"cluster.add", json::object(), api::ErrorCode::kInvalidArgument, "name"},
      {"cluster.add", {{"name", 42}}, api::ErrorCode::kInvalidArgument, "name"},
      {"cluster.add", {{"name", "x y"}}, api::ErrorCode::kInvalidArgument, "name"},
      {"cluster.add", {{"name", "x"}, {"transport", "rsh"}}, api::ErrorCode::kInvalidArgument, "transport"},
      {"cluster.add", {{"name", "x"}, {"gluster_command", "gluster && reboot"}}, api::ErrorCode::kInvalidArgument,
       "gluster_command"},
      {"cluster.add", {{"name", "x"}, {"colour", "red"}}, api::ErrorCode::kInvalidArgument, "colour"},
      {"cluster.add", {{"name", "prod"}}, api::ErrorCode::kConflict, ""},
      {"host.add", {{"cluster", "prod"}, {"address", "gl1"}, {"ssh_port", 0}, {"host_key_fingerprint", kFingerprint}},
       api::ErrorCode::kInvalidArgument, "ssh_port"},
      {"host.add", {{"cluster", "prod"}, {"address", "gl1"}, {"ssh_port", "22"}, {"host_key_fingerprint", kFingerprint}},
       api::ErrorCode::kInvalidArgument, "ssh_port"},
      {"host.add", {{"cluster", "prod"}, {"address", "gl1"}}, api::ErrorCode::kInvalidArgument, "host_key_fingerprint"},
      {"host.add", {{"cluster", "prod"}, {"address", "gl1"}, {"ssh_user", "root`id`"}, {"host_key_fingerprint", kFingerprint}},
       api::ErrorCode::kInvalidArgument, "ssh_user"},
      {"host.add", {{"cluster", "prod"}, {"address", "gl1"}, {"ssh_key_path", "/etc/shadow"}, {"host_key_fingerprint", kFingerprint}},
       api::ErrorCode::kInvalidArgument, "ssh_key_path"},  // no longer a parameter
      {"host.add", {{"cluster", "prod"}, {"address", "gl1"}, {"ssh_key", "/etc/shadow"}, {"host_key_fingerprint", kFingerprint}},
       api::ErrorCode::kInvalidArgument, "ssh_key"},
      {"host.add", {{"cluster", "prod"}, {"address", "gl1"}, {"ssh_key", "nope"}, {"host_key_fingerprint", kFingerprint}},
       api::ErrorCode::kInvalidArgument, "ssh_key"},
      {"cluster.add", {{"name", "x"}, {"gluster_command", "/tmp/x.sh"}}, api::ErrorCode::kInvalidArgument,
       "gluster_command"},
      {"cluster.add", {{"name", "x"}, {"transport", "local"}, {"gluster_command", "/usr/sbin/gluster"}},
       api::ErrorCode::kInvalidArgument, "gluster_command"},  // even the right path: names only
      {"host.add", {{"cluster", "nope"}, {"address", "gl1"}, {"host_key_fingerprint", kFingerprint}},
       api::ErrorCode::kNotFound, ""},
      {"host.remove", {{"cluster", "prod"}, {"address", "gl1"}}, api::ErrorCode::kNotFound, ""},
      {"cluster.remove", {{"name", "nope"}}, api::ErrorCode::kNotFound, ""},
  };
  for (const auto& c : cases) {
    const auto e = failure(c.command, c.params);
    EXPECT_EQ(e.code(), c.code) << c.command << " " << c.params.dump() << ": " << e.what();
    EXPECT_EQ(e.field(), c.field) << c.command << " " << c.params.dump() << ": " << e.what();
  }
  EXPECT_EQ(inventory_.clusters().size(), 1u);
  EXPECT_TRUE(inventory_.hostEntries(std::nullopt).empty());
}

TEST_F(InventoryCommandsTest, ClusterRemoveNeedsForceWhileHostsRemain) {
  ok("cluster.add", {{"name", "prod"}});
  ok("host.add", {{"cluster", "prod"}, {"address", "gl1"}, {"host_key_fingerprint", kFingerprint}});
  EXPECT_EQ(failure("cluster.remove", {{"name", "prod"}}).code(), api::ErrorCode::kConflict);
  EXPECT_TRUE(inventory_.clusterByName("prod"));
  const json removed = ok("cluster.remove", {{"name", "prod"}, {"force", true}});
  EXPECT_EQ(removed["removed"]["cluster"], "prod");
  EXPECT_FALSE(inventory_.clusterByName("prod"));
  EXPECT_TRUE(inventory_.hostEntries(std::nullopt).empty());
}

TEST_F(InventoryCommandsTest, HostRemoveRemovesOnlyThatHost) {
  ok("cluster.add", {{"name", "prod"}});
  ok("host.add", {{"cluster", "prod"}, {"address", "gl1"}, {"host_key_fingerprint", kFingerprint}});
  ok("host.add", {{"cluster", "prod"}, {"address", "gl2"}, {"host_key_fingerprint", kFingerprint}});
  const json removed = ok("host.remove", {{"cluster", "prod"}, {"address", "gl1"}});
  EXPECT_EQ(removed["removed"], json({{"cluster", "prod"}, {"address", "gl1"}}));
  const json left = ok("host.list", {{"cluster", "prod"}});
  ASSERT_EQ(left["hosts"].size(), 1u);
  EXPECT_EQ(left["hosts"][0]["address"], "gl2");
}

}  // namespace
}  // namespace georep::engine
