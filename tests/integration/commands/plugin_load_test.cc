// The built libgeorep.so, loaded with Boost.DLL the way the engine's loader does: it exports the ABI
// version and the factory; start() registers every command the manifest lists (the sync engineer's
// georep.sync.now included once wired) and stop() drops them all; bad plugin options refuse start().
#include <filesystem>
#include <fstream>
#include <set>

#include <boost/dll/shared_library.hpp>
#include <gtest/gtest.h>

#include "command_fixture.h"
#include "commands/register_routes.h"
#include "engine/api/plugin.h"
#include "engine/src/http/engine_route_table.h"
#include "engine/src/metrics/metrics_registry.h"
#include "engine/src/leadership/sole_leadership.h"

namespace georep::testing {
namespace {

class NullScheduler : public api::Scheduler {
 public:
  api::Registration schedule(api::JobSpec job) override {
    ++scheduled_;
    return api::Registration([this] { --scheduled_; });
  }
  int scheduled_ = 0;
};

class PluginLoadTest : public CommandTest {
 protected:
  std::filesystem::path pluginDir() { return GEOREP_PLUGIN_DIR; }
};

TEST_F(PluginLoadTest, ExportsAbiAndFactoryAndRegistersEveryCommandSymmetrically) {
  boost::dll::shared_library lib(pluginDir() / "libgeorep.so",
                                 boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  ASSERT_TRUE(lib.has(api::kAbiVersionSymbol));
  ASSERT_TRUE(lib.has(api::kFactorySymbol));
  EXPECT_EQ(lib.get_alias<api::AbiVersionFunction>(api::kAbiVersionSymbol)(), api::kAbiVersion);

  engine::EngineCommandBus bus;
  NullScheduler scheduler;
  RecordingEventBus events;
  engine::EngineRouteTable routes;
  engine::EngineMetricsRegistry metrics;
  engine::SoleLeadership leadership;
  api::HostServices host{bus,       events, scheduler, db_->database(), *inventory_, pluginDir(), nlohmann::json::object(),
                         routes,    metrics, leadership};
  {
    auto plugin = lib.get_alias<api::PluginFactory>(api::kFactorySymbol)();
    ASSERT_TRUE(plugin);
    plugin->start(host);

    std::ifstream in(pluginDir() / "manifest.json");
    const auto manifest = nlohmann::json::parse(in);
    EXPECT_EQ(manifest["abi_version"], api::kAbiVersion);
    std::set<std::string> registered;
    for (const auto& spec : bus.commands()) registered.insert(spec.name);
    for (const auto& spec : commands::commandSpecs()) EXPECT_TRUE(registered.count(spec.name)) << spec.name;
    // Every REST route is registered and dispatches a command the plugin registers.
    EXPECT_EQ(routes.routes().size(), commands::routeSpecs().size());
    for (const auto& route : routes.routes()) EXPECT_TRUE(registered.count(route.command)) << route.path;
    for (const auto& name : registered) {
      EXPECT_NE(std::find(manifest["commands"].begin(), manifest["commands"].end(), name), manifest["commands"].end())
          << name << " is registered but not in manifest.json";
    }

    // A registered command really runs in the plugin (reads the database).
    auto out = bus.dispatch("georep.session.list", nlohmann::json::object());
    ASSERT_TRUE(out.ok) << out.error->toJson().dump();
    EXPECT_EQ(out.result["sessions"].size(), 0u);

    // The sync job's metric families are served (GET /metrics) while the plugin runs.
    EXPECT_NE(metrics.render().find("# TYPE georep_session_status gauge\n"), std::string::npos);

    plugin->stop();
    EXPECT_TRUE(bus.commands().empty());
    EXPECT_TRUE(routes.routes().empty());
    EXPECT_EQ(metrics.render(), "") << "stop() must drop the metrics collector";
    EXPECT_EQ(scheduler.scheduled_, 0);
    plugin->start(host);  // start after stop works again
    EXPECT_EQ(bus.commands().size(), registered.size());
    plugin->stop();
  }
  EXPECT_TRUE(bus.commands().empty());
}

TEST_F(PluginLoadTest, BadOptionsRefuseStart) {
  boost::dll::shared_library lib(pluginDir() / "libgeorep.so",
                                 boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  engine::EngineCommandBus bus;
  NullScheduler scheduler;
  RecordingEventBus events;
  engine::EngineRouteTable routes;
  engine::EngineMetricsRegistry metrics;
  engine::SoleLeadership leadership;
  api::HostServices host{bus, events, scheduler, db_->database(), *inventory_, pluginDir(),
                         nlohmann::json{{"commands", {{"lock_wait_ms", "soon"}}}}, routes, metrics, leadership};
  auto plugin = lib.get_alias<api::PluginFactory>(api::kFactorySymbol)();
  for (const auto& config : {nlohmann::json{{"commands", {{"lock_wait_ms", "soon"}}}},
                             nlohmann::json{{"commands", {{"read_back_attempts", 0}}}},
                             nlohmann::json{{"commands", {{"lock_wait", 10}}}},  // typo
                             nlohmann::json{{"gluster", {{"timeout_ms", 10}}}},
                             nlohmann::json{{"comands", nlohmann::json::object()}}}) {
    host.config = config;
    EXPECT_THROW(plugin->start(host), std::invalid_argument) << config.dump();
    EXPECT_TRUE(bus.commands().empty()) << config.dump();
    EXPECT_TRUE(routes.routes().empty()) << config.dump();
  }
  host.config = nlohmann::json{{"commands", {{"lock_wait_ms", 100}, {"read_back_attempts", 2}}},
                               {"gluster", {{"timeout_ms", 5000}}}};
  EXPECT_NO_THROW(plugin->start(host));
  EXPECT_FALSE(bus.commands().empty());
  plugin->stop();
}

}  // namespace
}  // namespace georep::testing
