// The loader with the real plugin (libgeorep.so as laid out in GEOREP_PLUGIN_OUT by target georep):
// it loads against a fresh database (its migrations applied), registers its commands, and unloads.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <map>
#include <set>

#include "engine/src/auth/auth_commands.h"
#include "engine/src/auth/token_store.h"
#include "engine/src/auth/user_store.h"
#include "engine/src/commands/engine_command_bus.h"
#include "engine/src/config/allow_list.h"
#include "engine/src/events/audit_log.h"
#include "engine/src/events/engine_event_bus.h"
#include "engine/src/inventory/inventory_commands.h"
#include "engine/src/inventory/pg_inventory.h"
#include "engine/src/plugins/plugin_commands.h"
#include "engine/src/plugins/plugin_loader.h"
#include "engine/src/plugins/plugin_manifest.h"
#include "engine/src/scheduler/engine_scheduler.h"
#include "support/test_database.h"

namespace georep::engine {
namespace {

using georep::testing::TestDatabase;

TEST(RealPlugin, LoadsRegistersItsCommandsAndUnloads) {
  const std::filesystem::path dir = GEOREP_PLUGIN_DIR;
  const auto manifest = readPluginManifest(dir / "manifest.json");
  TestDatabase db(TestDatabase::Schema::kEngine);
  AuditLog audit(db.database());
  EngineCommandBus commands;
  EngineEventBus events(&audit);
  EngineScheduler scheduler(2);
  PgInventory inventory(db.database());
  {
    PluginLoader loader(commands, events, scheduler, db.database(), inventory);
    auto result = loader.load(dir / "libgeorep.so", nlohmann::json::object());
    ASSERT_TRUE(result.ok) << result.message;
    EXPECT_EQ(result.id, manifest.id);
    ASSERT_EQ(loader.loaded().size(), 1u);
    EXPECT_EQ(loader.loaded()[0].version, manifest.version);

    std::size_t pluginCommands = 0;
    for (const auto& spec : commands.commands()) {
      if (spec.name.rfind("georep.", 0) == 0) ++pluginCommands;
    }
    EXPECT_GT(pluginCommands, 0u) << "the plugin registered no georep.* command";

    auto lease = db.database().lease(std::chrono::seconds(10));
    soci::session& sql = lease.sql();
    long long migrations = 0;
    sql << "SELECT count(*) FROM schema_migrations WHERE component = :c", soci::use(manifest.id), soci::into(migrations);
    EXPECT_GT(migrations, 0);
    loader.unloadAll();
  }
  EXPECT_TRUE(commands.commands().empty());
}

// Every command the engine and the real plugin register, with the role it must declare. A command
// missing here fails the test: whoever adds one decides its role here, on purpose (viewer reads;
// operator runs lifecycle, config and syncs; admin changes inventory, users, destinations, and anything
// that names a program or a key).
TEST(RealPlugin, EveryCommandDeclaresTheRoleItNeeds) {
  using api::Role;
  const std::map<std::string, Role> expected = {
      {"georep.session.list", Role::kViewer},    {"georep.session.get", Role::kViewer},
      {"georep.config.list", Role::kViewer},     {"cluster.list", Role::kViewer},
      {"georep.config.get", Role::kViewer},      {"cluster.get", Role::kViewer},
      {"georep.volume.list", Role::kViewer},     {"georep.volume.get", Role::kViewer},
      {"host.list", Role::kViewer},              {"engine.plugins", Role::kViewer},
      {"host.get", Role::kViewer},
      {"auth.whoami", Role::kViewer},            {"auth.logout", Role::kViewer},
      {"auth.token.create", Role::kViewer},      {"auth.token.list", Role::kViewer},
      {"auth.token.revoke", Role::kViewer},      {"auth.user.set_password", Role::kViewer},
      {"georep.session.start", Role::kOperator}, {"georep.session.stop", Role::kOperator},
      {"georep.session.pause", Role::kOperator}, {"georep.session.resume", Role::kOperator},
      {"georep.session.delete", Role::kOperator}, {"georep.config.set", Role::kOperator},
      {"georep.config.reset", Role::kOperator},  {"georep.volume.refresh", Role::kOperator},
      {"georep.sync.now", Role::kOperator},      {"georep.session.create", Role::kAdmin},
      {"cluster.add", Role::kAdmin},             {"cluster.remove", Role::kAdmin},
      {"host.add", Role::kAdmin},                {"host.remove", Role::kAdmin},
      {"auth.user.create", Role::kAdmin},        {"auth.user.list", Role::kAdmin},
      {"auth.user.remove", Role::kAdmin},        {"auth.user.set_role", Role::kAdmin},
      {"auth.user.set_disabled", Role::kAdmin},
      {"georep.session.history", Role::kViewer},
      // DR policies (commands/dr_handlers.h says why): hooks run programs and call URLs -> admin.
      {"georep.dr.policy.create", Role::kAdmin},   {"georep.dr.policy.update", Role::kAdmin},
      {"georep.dr.policy.pause", Role::kOperator}, {"georep.dr.policy.resume", Role::kOperator},
      {"georep.dr.policy.delete", Role::kOperator}, {"georep.dr.policy.get", Role::kViewer},
      {"georep.dr.policy.list", Role::kViewer},     {"georep.dr.run.list", Role::kViewer},
      {"georep.dr.run.now", Role::kOperator},       {"georep.dr.run.cancel", Role::kOperator},
      {"georep.session.eligibility", Role::kViewer},
      {"georep.dr.run.get", Role::kViewer},
      {"georep.destination.probe", Role::kAdmin},  // it sends a password
      {"georep.destination.create", Role::kAdmin},  // it distributes keys
      {"georep.destination.reestablish", Role::kAdmin},
      {"georep.destination.remove", Role::kAdmin},
      {"georep.destination.keys", Role::kAdmin},  // names the admin's key allow-list
      {"georep.destination.test", Role::kOperator},
      {"georep.destination.list", Role::kViewer},
      {"georep.destination.get", Role::kViewer},
  };
  const std::filesystem::path dir = GEOREP_PLUGIN_DIR;
  TestDatabase db(TestDatabase::Schema::kEngine);
  AuditLog audit(db.database());
  EngineCommandBus commands;
  EngineEventBus events(&audit);
  EngineScheduler scheduler(2);
  PgInventory inventory(db.database());
  auth::UserStore users(db.database());
  auth::TokenStore tokens(db.database());
  AllowList allow;
  auto inventoryCommands = registerInventoryCommands(commands, inventory, allow);
  auto authCommands = auth::registerAuthCommands(commands, {users, tokens, events});
  PluginLoader loader(commands, events, scheduler, db.database(), inventory);
  auto pluginCommands = registerPluginCommands(commands, loader);
  ASSERT_TRUE(loader.load(dir / "libgeorep.so", nlohmann::json::object()).ok);

  std::set<std::string> seen;
  for (const auto& spec : commands.commands()) {
    seen.insert(spec.name);
    const auto it = expected.find(spec.name);
    if (it == expected.end()) {
      ADD_FAILURE() << spec.name << " (declares " << api::roleName(spec.role)
                    << ") is not in this test: decide its role and add it here";
      continue;
    }
    EXPECT_EQ(api::roleName(spec.role), api::roleName(it->second)) << spec.name;
  }
  for (const auto& [name, role] : expected) EXPECT_TRUE(seen.count(name)) << name << " is no longer registered";
  loader.unloadAll();
}

}  // namespace
}  // namespace georep::engine
