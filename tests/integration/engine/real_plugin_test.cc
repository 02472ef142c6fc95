// The loader with the real plugin (libgeorep.so as laid out in GEOREP_PLUGIN_OUT by target georep):
// it loads against a fresh database (its migrations applied), registers its commands, and unloads.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "engine/src/commands/engine_command_bus.h"
#include "engine/src/events/audit_log.h"
#include "engine/src/events/engine_event_bus.h"
#include "engine/src/inventory/pg_inventory.h"
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

}  // namespace
}  // namespace georep::engine
