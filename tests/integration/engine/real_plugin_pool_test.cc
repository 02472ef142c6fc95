// The DB pool under concurrency, with the real plugin loaded through the command bus on a pool of 8:
// 16 and 200 threads dispatching every read command, and 16 threads dispatching the mutating ones (their
// gluster host refuses connections, so they fail with typed errors), all finish. Before the bounded,
// non-nesting lease, 16 concurrent georep.session.list froze for good (each caller held one connection
// and waited for a second). A watchdog turns a hang into a failure instead of blocking ctest.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "engine/src/commands/engine_command_bus.h"
#include "engine/src/events/audit_log.h"
#include "engine/src/events/engine_event_bus.h"
#include "engine/src/inventory/pg_inventory.h"
#include "engine/src/plugins/plugin_loader.h"
#include "engine/src/scheduler/engine_scheduler.h"
#include "support/free_port.h"
#include "support/test_database.h"

namespace georep::engine {
namespace {

using georep::testing::TestDatabase;
using namespace std::chrono_literals;

constexpr std::size_t kPoolSize = 8;

struct Call {
  std::string command;
  nlohmann::json params;
};

class RealPluginPool : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(TestDatabase::Schema::kEngine, kPoolSize);
    audit_ = std::make_unique<AuditLog>(db_->database());
    events_ = std::make_unique<EngineEventBus>(audit_.get());
    inventory_ = std::make_unique<PgInventory>(db_->database());
    loader_ = std::make_unique<PluginLoader>(commands_, *events_, scheduler_, db_->database(), *inventory_);
    const std::filesystem::path dir = GEOREP_PLUGIN_DIR;
    auto result = loader_->load(dir / "libgeorep.so", nlohmann::json::object());
    ASSERT_TRUE(result.ok) << result.message;

    // A cluster whose only host refuses connections: gluster calls fail fast with `unavailable`.
    api::Cluster cluster;
    cluster.name = "c1";
    cluster.transport = "ssh";
    cluster = inventory_->addCluster(cluster);
    api::Host host;
    host.address = "127.0.0.1";
    host.sshPort = georep::testing::freeLoopbackPort();
    host.hostKeyFingerprint = "SHA256:" + std::string(43, 'A');
    inventory_->addHost("c1", host);

    auto lease = db_->database().lease(10s);
    soci::session& sql = lease.sql();
    long long volumeId = 0;
    sql << "INSERT INTO georep_volumes (cluster_id, name, volume_uuid, volume_type, status, brick_count) "
           "VALUES (:c, 'mastervol', gen_random_uuid(), 'Replicate', 'Started', 0) RETURNING id",
        soci::use(static_cast<long long>(cluster.id)), soci::into(volumeId);
    sql << "INSERT INTO georep_sessions (cluster_id, master_volume_id, session_key, secondary_host, "
           "secondary_volume, status) VALUES (:c, :v, 'k1', 'vm', 'slavevol', 'ACTIVE') RETURNING id",
        soci::use(static_cast<long long>(cluster.id)), soci::use(volumeId), soci::into(sessionId_);
  }

  void TearDown() override {
    if (loader_) loader_->unloadAll();
  }

  std::vector<Call> readCalls() const {
    return {{"georep.session.list", nlohmann::json::object()},
            {"georep.session.list", {{"cluster", "c1"}}},
            {"georep.session.list", {{"cluster", "c1"}, {"master_volume", "mastervol"}}},
            {"georep.session.get", {{"session_id", sessionId_}}},
            {"georep.session.get", {{"session_id", sessionId_ + 1000}}},
            {"georep.config.list", {{"session_id", sessionId_}}}};
  }

  std::vector<Call> mutatingCalls() const {
    return {{"georep.session.start", {{"session_id", sessionId_}}},
            {"georep.session.stop", {{"session_id", sessionId_}}},
            {"georep.session.pause", {{"session_id", sessionId_}}},
            {"georep.session.resume", {{"session_id", sessionId_}}},
            {"georep.session.delete", {{"session_id", sessionId_}}},
            {"georep.config.set", {{"session_id", sessionId_}, {"key", "sync_jobs"}, {"value", "3"}}},
            {"georep.config.reset", {{"session_id", sessionId_}, {"key", "sync_jobs"}}},
            {"georep.volume.refresh", {{"cluster", "c1"}}},
            {"georep.session.create",
             {{"cluster", "c1"}, {"master_volume", "mastervol"}, {"secondary_host", "vm2"},
              {"secondary_volume", "slavevol"}}}};
  }

  // Runs `threads` threads, each dispatching every call `rounds` times; returns how often each error code
  // came back ("ok" for successes). Fails the whole test binary when they do not all finish in time.
  std::map<std::string, int> hammer(int threads, int rounds, const std::vector<Call>& calls) {
    std::mutex mutex;
    std::condition_variable done;
    int finished = 0;
    std::map<std::string, int> outcomes;
    std::vector<std::string> unexpected;
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        std::map<std::string, int> mine;
        for (int r = 0; r < rounds; ++r) {
          for (std::size_t i = 0; i < calls.size(); ++i) {
            const Call& call = calls[(i + t) % calls.size()];
            const auto outcome = commands_.dispatch(call.command, call.params);
            const std::string code = outcome.ok ? "ok" : std::string(api::errorCodeName(outcome.error->code()));
            ++mine[code];
            if (code == "internal") {
              std::lock_guard lock(mutex);
              unexpected.push_back(call.command + ": " + outcome.error->what());
            }
          }
        }
        std::lock_guard lock(mutex);
        for (const auto& [code, n] : mine) outcomes[code] += n;
        ++finished;
        done.notify_all();
      });
    }
    {
      std::unique_lock lock(mutex);
      if (!done.wait_for(lock, 180s, [&] { return finished == threads; })) {
        std::fprintf(stderr, "WATCHDOG: only %d of %d threads finished within 180 s: the pool is deadlocked\n",
                     finished, threads);
        std::fflush(stderr);
        std::_Exit(3);  // the hung threads cannot be joined; fail the test binary instead of hanging ctest
      }
    }
    for (auto& w : workers) w.join();
    for (const auto& u : unexpected) ADD_FAILURE() << u;
    return outcomes;
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<AuditLog> audit_;
  EngineCommandBus commands_;
  std::unique_ptr<EngineEventBus> events_;
  EngineScheduler scheduler_{2};
  std::unique_ptr<PgInventory> inventory_;
  std::unique_ptr<PluginLoader> loader_;
  long long sessionId_ = 0;
};

std::string describe(const std::map<std::string, int>& outcomes) {
  std::string out;
  for (const auto& [code, n] : outcomes) out += code + "=" + std::to_string(n) + " ";
  return out;
}

TEST_F(RealPluginPool, SixteenThreadsOnEveryReadCommandAllFinish) {
  const auto calls = readCalls();
  const auto outcomes = hammer(16, 10, calls);
  // Every read succeeds but the get of a missing session (not_found): no unavailable, no internal.
  EXPECT_EQ(outcomes.at("ok"), 16 * 10 * 5) << describe(outcomes);
  EXPECT_EQ(outcomes.at("not_found"), 16 * 10) << describe(outcomes);
  EXPECT_EQ(outcomes.size(), 2u) << describe(outcomes);
}

TEST_F(RealPluginPool, TwoHundredThreadsOnEveryReadCommandAllFinish) {
  const auto calls = readCalls();
  const auto outcomes = hammer(200, 2, calls);
  EXPECT_EQ(outcomes.at("ok") + outcomes.at("not_found"), 200 * 2 * static_cast<int>(calls.size()))
      << describe(outcomes);
  EXPECT_EQ(outcomes.count("internal"), 0u) << describe(outcomes);
}

TEST_F(RealPluginPool, SixteenThreadsOnTheMutatingCommandsAllFinishWithTypedErrors) {
  const auto outcomes = hammer(16, 1, mutatingCalls());
  EXPECT_EQ(outcomes.count("internal"), 0u) << describe(outcomes);
  // The host refuses connections: whatever reached gluster is unavailable (or conflict on a busy session).
  EXPECT_GT(outcomes.count("unavailable"), 0u) << describe(outcomes);
  // The pool is whole again afterwards: a read still works on every connection.
  for (std::size_t i = 0; i < kPoolSize; ++i) {
    EXPECT_TRUE(commands_.dispatch("georep.session.list", nlohmann::json::object()).ok);
  }
}

}  // namespace
}  // namespace georep::engine
