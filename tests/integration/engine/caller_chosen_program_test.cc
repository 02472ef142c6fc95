// Issue 15's attack, on the engine's real command bus with the real plugin and a real PostgreSQL: a caller
// names a script as the cluster's gluster command (cluster.add gluster_command=/path/x.sh transport=local),
// adds a host and asks for a volume refresh, which on the old code ran the script as root. Each call must
// fail with a typed error, nothing is stored, and the script (which would write a marker file) never runs.
// The same for SSH keys: host.add takes an allow-listed key NAME, never a path root would read.
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "engine/src/commands/engine_command_bus.h"
#include "engine/src/config/allow_list.h"
#include "engine/src/events/audit_log.h"
#include "engine/src/events/engine_event_bus.h"
#include "engine/src/inventory/inventory_commands.h"
#include "engine/src/inventory/pg_inventory.h"
#include "engine/src/plugins/plugin_loader.h"
#include "engine/src/scheduler/engine_scheduler.h"
#include "support/test_database.h"

namespace georep::engine {
namespace {

namespace fs = std::filesystem;
using georep::testing::TestDatabase;
using nlohmann::json;

class CallerChosenProgramTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "georep_attack_XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    ::chmod(dir_.c_str(), 0755);
    script_ = dir_ / "x.sh";
    marker_ = dir_ / "ran-as-root";
    std::ofstream(script_) << "#!/bin/sh\necho \"$(id -u) $*\" >> " << marker_.string() << "\nexit 0\n";
    ::chmod(script_.c_str(), 0755);
    const auto loaded = loader_.load(fs::path(GEOREP_PLUGIN_DIR) / "libgeorep.so",
                                     json{{"georep", {{"sync", {{"enabled", false}}}}}});
    ASSERT_TRUE(loaded.ok) << loaded.message;
  }
  void TearDown() override {
    loader_.unloadAll();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  api::CommandError refused(const std::string& name, const json& params) {
    auto outcome = commands_.dispatch(name, params);
    EXPECT_FALSE(outcome.ok) << name << " " << params.dump() << " was accepted: " << outcome.result.dump();
    return outcome.error.value_or(api::CommandError(api::ErrorCode::kInternal, "accepted"));
  }
  long long count(const std::string& sql) {
    api::DbLease lease = db_.database().lease(std::chrono::seconds(5));
    soci::session& s = lease.sql();
    long long n = -1;
    s << sql, soci::into(n);
    return n;
  }

  fs::path dir_, script_, marker_;
  TestDatabase db_{TestDatabase::Schema::kEngine};
  AuditLog audit_{db_.database()};
  EngineCommandBus commands_;
  EngineEventBus events_{&audit_};
  EngineScheduler scheduler_{2};
  PgInventory inventory_{db_.database()};
  AllowList allow_;  // built-ins only, as with no "allow" section in the engine config
  std::vector<api::Registration> inventoryCommands_ = registerInventoryCommands(commands_, inventory_, allow_);
  PluginLoader loader_{commands_, events_, scheduler_, db_.database(), inventory_};
};

TEST_F(CallerChosenProgramTest, TheThreeCallAttackFailsWithTypedErrorsAndTheScriptNeverRuns) {
  const api::CommandError add =
      refused("cluster.add", {{"name", "x"}, {"transport", "local"}, {"gluster_command", script_.string()}});
  EXPECT_EQ(add.code(), api::ErrorCode::kInvalidArgument) << add.what();
  EXPECT_EQ(add.field(), "gluster_command") << add.what();
  EXPECT_NE(std::string(add.what()).find("never a path"), std::string::npos) << add.what();

  const api::CommandError host = refused("host.add", {{"cluster", "x"}, {"address", "localhost"}});
  EXPECT_EQ(host.code(), api::ErrorCode::kNotFound) << host.what();

  const api::CommandError refresh = refused("georep.volume.refresh", {{"cluster", "x"}});
  EXPECT_EQ(refresh.code(), api::ErrorCode::kNotFound) << refresh.what();

  EXPECT_EQ(count("SELECT count(*) FROM clusters"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM hosts"), 0);
  EXPECT_FALSE(fs::exists(marker_)) << "the caller's script ran";
}

TEST_F(CallerChosenProgramTest, NoSpellingOfAPathIsTakenForAGlusterCommandName) {
  for (const std::string& name : {script_.string(), std::string("x.sh"), std::string("./x.sh"),
                                  std::string("../x.sh"), std::string("gluster/../x.sh"), std::string("/usr/sbin/gluster"),
                                  std::string("gluster "), std::string("gluster;sh"), std::string("GLUSTER")}) {
    const api::CommandError e = refused("cluster.add", {{"name", "x"}, {"transport", "local"}, {"gluster_command", name}});
    EXPECT_EQ(e.code(), api::ErrorCode::kInvalidArgument) << name << ": " << e.what();
    EXPECT_EQ(e.field(), "gluster_command") << name << ": " << e.what();
  }
  EXPECT_EQ(count("SELECT count(*) FROM clusters"), 0);
  EXPECT_FALSE(fs::exists(marker_));
}

TEST_F(CallerChosenProgramTest, HostAddTakesAKeyNameNeverAPathRootWouldRead) {
  auto outcome = commands_.dispatch("cluster.add", {{"name", "prod"}, {"transport", "local"}});
  ASSERT_TRUE(outcome.ok) << outcome.error->what();
  EXPECT_EQ(outcome.result["cluster"]["gluster_command"], allow_.glusterCommandPath("gluster_command", "gluster"));
  for (const json& params : {json{{"cluster", "prod"}, {"address", "gl1"}, {"ssh_key_path", "/etc/shadow"}},
                             json{{"cluster", "prod"}, {"address", "gl1"}, {"ssh_key", "/etc/shadow"}},
                             json{{"cluster", "prod"}, {"address", "gl1"}, {"ssh_key", "lab"}}}) {
    const api::CommandError e = refused("host.add", params);
    EXPECT_EQ(e.code(), api::ErrorCode::kInvalidArgument) << params.dump() << ": " << e.what();
    EXPECT_EQ(e.field(), params.contains("ssh_key") ? "ssh_key" : "ssh_key_path") << e.what();
  }
  EXPECT_EQ(count("SELECT count(*) FROM hosts"), 0);
}

}  // namespace
}  // namespace georep::engine
