// Benchmark of the sync job across three engines sharing one PostgreSQL (GEOREP_TEST_DB): 10 clusters,
// each with 1,000 sessions x 4 bricks (tests/support/scale_documents.h, replayed by the FakeTransport).
// The three engines are in-process, each with its own LeadershipManager (its own dedicated connection,
// engine/src/leadership) and its own ClusterSync; clusters are added while the engines come up (4, 3, 3),
// so each leads a share. One iteration = one sync period: every engine ticks its leadership and runs the
// status cycle of each cluster it leads, fenced and recorded (api::Leadership::recordCycle), the engines
// in parallel. Arg 0: nothing changes (the fence's cycle record is the only write); arg 1: every worker
// flips Active <-> Passive and its last_synced moves each period (4,000 brick rows per cluster written).
// Counters:
//  - cycles_per_cluster_per_period: rows engine_leader_cycles gained / (clusters x periods), and every
//    cluster is checked to get EXACTLY one successful cycle in EVERY period (the run fails otherwise);
//  - ms_per_cycle: mean wall time of one cluster's cycle (fetch, plan, fenced write); cpu_ms_per_cycle: the
//    CPU time of the engine thread running it (the database server's not included);
//  - rss_MB / peak_rss_MB: the process's resident memory after the run (three engines' worth of sync state
//    and the 10 x 1,000-session snapshots a cycle loads).
#include <benchmark/benchmark.h>

#include <time.h>

#include <atomic>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <soci/soci.h>

#include "engine/api/event_bus.h"
#include "engine/src/inventory/pg_inventory.h"
#include "engine/src/leadership/leadership_manager.h"
#include "gluster/cluster_gateway.h"
#include "sync-jobs/cluster_sync.h"
#include "support/fake_transport_factory.h"
#include "support/scale_documents.h"
#include "support/test_database.h"

namespace {

using georep::engine::LeadershipManager;
using georep::sync::CycleReport;

constexpr int kClusters = 10;
constexpr int kEngines = 3;

class CountingEventBus : public georep::api::EventBus {
 public:
  void raise(georep::api::Event) override { ++raised; }
  boost::signals2::connection subscribe(std::function<void(const georep::api::Event&)>) override { return {}; }
  std::atomic<std::size_t> raised{0};
};

double threadCpuMs() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double statusMB(const char* field) {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(field, 0) == 0) return std::stod(line.substr(std::string(field).size())) / 1024.0;  // kB
  }
  return 0;
}

struct Engine {
  std::unique_ptr<LeadershipManager> leadership;
  std::unique_ptr<georep::sync::ClusterSync> sync;
};

struct Env {
  std::unique_ptr<georep::testing::TestDatabase> db;
  std::unique_ptr<georep::engine::PgInventory> inventory;
  georep::testing::FakeTransportFactory factory;
  std::shared_ptr<georep::testing::FakeTransport> transport = factory.transport("n0");  // every cluster's host
  std::unique_ptr<georep::gluster::ClusterGateway> gateway;
  CountingEventBus events;
  std::map<std::int64_t, georep::api::Cluster> clusters;
  std::vector<Engine> engines;
  std::string volinfo = georep::testing::scaleVolumeInfoDocument();
  std::string statusA = georep::testing::scaleStatusDocument(false);
  std::string statusB = georep::testing::scaleStatusDocument(true);
  std::string setupError;

  Env() {
    db = std::make_unique<georep::testing::TestDatabase>(georep::testing::TestDatabase::Schema::kMigrated, 8);
    inventory = std::make_unique<georep::engine::PgInventory>(db->database());
    gateway = std::make_unique<georep::gluster::ClusterGateway>(*inventory, factory, std::chrono::seconds(60));
    answer(statusA);
    const int share[kEngines] = {4, 3, 3};  // clusters added before each engine's first tick
    int n = 0;
    for (int e = 0; e < kEngines; ++e) {
      for (int i = 0; i < share[e]; ++i, ++n) {
        georep::api::Cluster c;
        c.name = "bench" + std::to_string(n);
        c.transport = "local";
        c = inventory->addCluster(c);
        georep::api::Host h;
        h.address = "n0";
        inventory->addHost(c.name, h);
        clusters[c.id] = c;
      }
      georep::engine::LeadershipOptions o;
      o.engineId = "bench-engine-" + std::to_string(e + 1);
      o.tick = std::chrono::seconds(1);
      o.lease = std::chrono::seconds(120);  // a period of the benchmark may take seconds
      Engine engine{std::make_unique<LeadershipManager>(db->connectString(), o),
                    std::make_unique<georep::sync::ClusterSync>(db->database(), events, *gateway)};
      engine.leadership->tick();
      engines.push_back(std::move(engine));
    }
    for (int e = 0; e < kEngines; ++e) {
      if (engines[e].leadership->led().size() != static_cast<std::size_t>(share[e]))
        setupError = "engine " + std::to_string(e + 1) + " does not lead its share of the clusters";
    }
  }

  void answer(const std::string& status) {
    transport->clearRules();
    transport->on({"--xml", "volume", "info"}, georep::gluster::ExecResult{0, volinfo, ""});
    transport->on({"--xml", "geo-replication", "status"}, georep::gluster::ExecResult{0, status, ""});
  }

  long long recordedCycles() {
    auto lease = db->database().lease(std::chrono::seconds(10));
    long long n = 0;
    lease.sql() << "SELECT count(*) FROM engine_leader_cycles", soci::into(n);
    return n;
  }

  struct Period {
    std::map<std::int64_t, int> okCycles;  // by cluster
    std::vector<std::chrono::milliseconds> durations;
    double cpuMs = 0;  // the engines' threads, summed
    std::string error;
  };

  // One sync period: every engine (in parallel) ticks its leadership and reconciles what it leads.
  Period period() {
    Period p;
    std::mutex mutex;
    std::vector<std::thread> threads;
    for (auto& engine : engines) {
      threads.emplace_back([&] {
        engine.leadership->tick();
        for (const auto& [clusterId, epoch] : engine.leadership->led()) {
          LeadershipManager& leadership = *engine.leadership;
          const georep::dao::WriteFence fence = [&leadership, id = clusterId, e = epoch](soci::session& sql) {
            return leadership.recordCycle(sql, id, e, std::chrono::milliseconds(0));
          };
          const double cpuBefore = threadCpuMs();
          const CycleReport r = engine.sync->runStatus(clusters.at(clusterId), "bench", fence);
          const double cpu = threadCpuMs() - cpuBefore;
          std::lock_guard lock(mutex);
          p.cpuMs += cpu;
          p.durations.push_back(r.duration);
          if (r.outcome == CycleReport::Outcome::kOk) ++p.okCycles[clusterId];
          else p.error = "cycle of " + r.cluster.name + " failed: " + r.error;
        }
      });
    }
    for (auto& t : threads) t.join();
    return p;
  }
};

Env& env() {
  static Env e;
  return e;
}

void BM_PeriodTenClustersThreeEngines(benchmark::State& state) {
  Env& e = env();
  if (!e.setupError.empty()) {
    state.SkipWithError(e.setupError.c_str());
    return;
  }
  const bool changes = state.range(0) == 1;
  e.answer(e.statusA);
  for (int i = 0; i < 2; ++i) e.period();  // converge (the first period inserts 10 x 1,000 sessions)
  const long long before = e.recordedCycles();
  std::chrono::milliseconds total{0};
  double cpuMs = 0;
  std::size_t cycles = 0;
  bool flip = false;
  for (auto _ : state) {
    if (changes) {
      state.PauseTiming();
      flip = !flip;
      e.answer(flip ? e.statusB : e.statusA);
      state.ResumeTiming();
    }
    const Env::Period p = e.period();
    if (!p.error.empty()) {
      state.SkipWithError(p.error.c_str());
      return;
    }
    for (const auto& [id, cluster] : e.clusters) {
      const auto it = p.okCycles.find(id);
      if (it == p.okCycles.end() || it->second != 1) {
        state.SkipWithError(("cluster " + cluster.name + " did not get exactly one cycle in a period").c_str());
        return;
      }
    }
    for (const auto d : p.durations) total += d;
    cpuMs += p.cpuMs;
    cycles += p.durations.size();
  }
  const double periods = static_cast<double>(state.iterations());
  state.counters["cycles_per_cluster_per_period"] =
      static_cast<double>(e.recordedCycles() - before) / (kClusters * periods);
  state.counters["ms_per_cycle"] = cycles ? static_cast<double>(total.count()) / static_cast<double>(cycles) : 0;
  state.counters["cpu_ms_per_cycle"] = cycles ? cpuMs / static_cast<double>(cycles) : 0;
  state.counters["sessions"] = kClusters * georep::testing::kScaleVolumes * georep::testing::kScaleSessionsPerVolume;
  state.counters["rss_MB"] = statusMB("VmRSS:");
  state.counters["peak_rss_MB"] = statusMB("VmHWM:");
}
BENCHMARK(BM_PeriodTenClustersThreeEngines)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(8);

}  // namespace

BENCHMARK_MAIN();
