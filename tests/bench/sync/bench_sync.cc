// Benchmarks of the sync job's per-cluster cycle (sync::ClusterSync::runStatus) at scale: one cluster
// with 250 primary volumes (2 x 2 distributed-replicate, 4 bricks on 4 nodes) and 4 sessions on each:
// 1,000 sessions x 4 bricks. The GlusterFS answers are generated from the real 10.3 captures' shape
// (envelope, element names, value spellings) and replayed by the FakeTransport; the database is a fresh
// PostgreSQL database on GEOREP_TEST_DB (tests/support TestDatabase).
//  - BM_CycleNoChange: process CPU time per cycle (MeasureProcessCPUTime: every thread of the process),
//    target < 50 ms, and NO write: counters cycles_with_writes and rows_changed (a fingerprint of every
//    plugin row's xmin before and after) must be 0;
//  - BM_CycleEveryBrickChanged: every worker flips Active <-> Passive and its last_synced moves, each
//    cycle; wall time with the database writes, target < 1 s;
//  - gateway_calls_per_cycle: calls recorded by the FakeTransport / cycles (target: 2).
#include <benchmark/benchmark.h>

#include <memory>
#include <stdexcept>
#include <string>

#include <soci/soci.h>

#include "engine/api/event_bus.h"
#include "engine/src/inventory/pg_inventory.h"
#include "gluster/cluster_gateway.h"
#include "sync-jobs/cluster_sync.h"
#include "support/fake_transport.h"
#include "support/fake_transport_factory.h"
#include "support/plugin_rows.h"
#include "support/scale_documents.h"
#include "support/test_database.h"

namespace {

using georep::testing::FakeTransport;

constexpr int kVolumes = georep::testing::kScaleVolumes;
constexpr int kSessionsPerVolume = georep::testing::kScaleSessionsPerVolume;
constexpr int kBricks = georep::testing::kScaleBricks;

class CountingEventBus : public georep::api::EventBus {
 public:
  void raise(georep::api::Event) override { ++raised; }
  boost::signals2::connection subscribe(std::function<void(const georep::api::Event&)>) override { return {}; }
  std::size_t raised = 0;
};

// The database, inventory and gateway of the benchmark, built once.
struct Env {
  std::unique_ptr<georep::testing::TestDatabase> db;
  std::unique_ptr<georep::engine::PgInventory> inventory;
  georep::api::Cluster cluster;
  georep::testing::FakeTransportFactory factory;
  std::shared_ptr<FakeTransport> transport = factory.transport("n0");  // the cluster's only host
  std::unique_ptr<georep::gluster::ClusterGateway> gateway;
  CountingEventBus events;
  std::unique_ptr<georep::sync::ClusterSync> sync;
  std::string volinfo = georep::testing::scaleVolumeInfoDocument();
  std::string statusA = georep::testing::scaleStatusDocument(false);
  std::string statusB = georep::testing::scaleStatusDocument(true);

  Env() {
    db = std::make_unique<georep::testing::TestDatabase>(georep::testing::TestDatabase::Schema::kMigrated, 4);
    inventory = std::make_unique<georep::engine::PgInventory>(db->database());
    georep::api::Cluster c;
    c.name = "bench";
    c.transport = "local";
    cluster = inventory->addCluster(c);
    georep::api::Host h;
    h.address = "n0";
    inventory->addHost("bench", h);
    gateway = std::make_unique<georep::gluster::ClusterGateway>(*inventory, factory, std::chrono::seconds(60));
    sync = std::make_unique<georep::sync::ClusterSync>(db->database(), events, *gateway);
  }

  void answer(const std::string& status) {
    transport->clearRules();
    transport->on({"--xml", "volume", "info"}, georep::gluster::ExecResult{0, volinfo, ""});
    transport->on({"--xml", "geo-replication", "status"}, georep::gluster::ExecResult{0, status, ""});
  }

  long long count(const char* table) {
    auto lease = db->database().lease(std::chrono::seconds(10));
    soci::session& sql = lease.sql();
    long long n = 0;
    sql << std::string("SELECT count(*) FROM ") + table, soci::into(n);
    return n;
  }

  std::string fingerprint() { return georep::testing::pluginRowVersions(db->database()); }
};

Env& env() {
  static Env e;
  return e;
}

// Brings the database to the state `status` describes (untimed).
bool converge(benchmark::State& state, const std::string& status) {
  Env& e = env();
  e.answer(status);
  auto first = e.sync->runStatus(e.cluster, "bench");
  auto second = e.sync->runStatus(e.cluster, "bench");
  if (first.outcome != georep::sync::CycleReport::Outcome::kOk || second.changed()) {
    state.SkipWithError(("setup cycle failed: " + first.error).c_str());
    return false;
  }
  if (e.count("georep_sessions") != kVolumes * kSessionsPerVolume ||
      e.count("georep_session_bricks") != kVolumes * kSessionsPerVolume * kBricks) {
    state.SkipWithError("setup did not store 1000 sessions x 4 bricks");
    return false;
  }
  return true;
}

void BM_CycleNoChange(benchmark::State& state) {
  Env& e = env();
  if (!converge(state, e.statusA)) return;
  const std::string before = e.fingerprint();
  const std::size_t callsBefore = e.transport->callCount();
  const std::size_t eventsBefore = e.events.raised;
  std::size_t withWrites = 0;
  for (auto _ : state) {
    auto report = e.sync->runStatus(e.cluster, "bench");
    if (report.outcome != georep::sync::CycleReport::Outcome::kOk) {
      state.SkipWithError(("cycle failed: " + report.error).c_str());
      return;
    }
    if (report.wrote) ++withWrites;
  }
  const double cycles = static_cast<double>(state.iterations());
  state.counters["gateway_calls_per_cycle"] = static_cast<double>(e.transport->callCount() - callsBefore) / cycles;
  state.counters["cycles_with_writes"] = static_cast<double>(withWrites);
  state.counters["rows_changed"] = e.fingerprint() == before ? 0 : 1;
  state.counters["events"] = static_cast<double>(e.events.raised - eventsBefore);
  state.counters["sessions"] = static_cast<double>(kVolumes * kSessionsPerVolume);
  state.counters["status_MB"] = static_cast<double>(e.statusA.size()) / 1e6;
}
BENCHMARK(BM_CycleNoChange)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->MinTime(3.0);

void BM_CycleEveryBrickChanged(benchmark::State& state) {
  Env& e = env();
  if (!converge(state, e.statusA)) return;
  bool flip = false;
  std::size_t bricksWritten = 0;
  const std::size_t callsBefore = e.transport->callCount();
  for (auto _ : state) {
    state.PauseTiming();
    flip = !flip;
    e.answer(flip ? e.statusB : e.statusA);
    state.ResumeTiming();
    auto report = e.sync->runStatus(e.cluster, "bench");
    if (report.outcome != georep::sync::CycleReport::Outcome::kOk || !report.wrote) {
      state.SkipWithError(("cycle failed or wrote nothing: " + report.error).c_str());
      return;
    }
    bricksWritten += report.bricksWritten;
  }
  const double cycles = static_cast<double>(state.iterations());
  state.counters["bricks_written_per_cycle"] = static_cast<double>(bricksWritten) / cycles;
  state.counters["gateway_calls_per_cycle"] = static_cast<double>(e.transport->callCount() - callsBefore) / cycles;
}
BENCHMARK(BM_CycleEveryBrickChanged)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime()->MinTime(5.0);

}  // namespace

BENCHMARK_MAIN();
