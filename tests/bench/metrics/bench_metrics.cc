// GET /metrics for 1,000 sessions x 4 bricks (one cluster, the lab's naming shape, every counter set):
// the time of one render of the whole exposition (what a scrape costs once authenticated) and its size
// (counter "bytes"). Also one status cycle's metrics update (CycleWatch::onCycle: stall detection and the
// in-memory snapshot), which the sync job pays once per cycle instead of per scrape. And the DR job's
// collector alone with 1,000 policies (each with a succeeded run and three run results).
#include <chrono>
#include <memory>
#include <string>

#include <benchmark/benchmark.h>

#include "dao/reconcile_snapshot.h"
#include "dr/jobs/dr_metrics.h"
#include "engine/src/metrics/engine_metrics.h"
#include "engine/src/metrics/metrics_registry.h"
#include "support/recording_event_bus.h"
#include "sync-jobs/cycle_watch.h"

namespace {

using namespace georep;

constexpr int kSessions = 1000;
constexpr int kBricks = 4;

std::shared_ptr<const dao::ClusterSnapshot> clusterState() {
  auto state = std::make_shared<dao::ClusterSnapshot>();
  state->clusterId = 1;
  for (int i = 0; i < kSessions; ++i) {
    dao::StoredSession s;
    s.session.id = i + 1;
    s.session.masterVolume = "primary-volume-" + std::to_string(i / 4);
    s.session.secondaryHost = "dr-site-node-" + std::to_string(i % 7) + ".example.net";
    s.session.secondaryVolume = "secondary-volume-" + std::to_string(i);
    s.session.status = i % 50 == 0 ? gluster::AggregateStatus::kPartialFaulty : gluster::AggregateStatus::kActive;
    for (int b = 0; b < kBricks; ++b) {
      dao::SessionBrickRecord r;
      r.host = "gluster-node-" + std::to_string(b) + ".example.net";
      r.path = "/data/glusterfs/" + s.session.masterVolume + "/brick" + std::to_string(b);
      r.workerStatus = b % 2 == 0 ? gluster::WorkerStatus::kActive : gluster::WorkerStatus::kPassive;
      r.entryPending = i % 13;
      r.dataPending = i % 17;
      r.metaPending = 0;
      r.failures = 0;
      r.lastSynced = gluster::TimePoint(std::chrono::seconds(1'800'000'000 + i));
      r.checkpointCompleted = b % 2 == 0;
      s.bricks.push_back(r);
    }
    state->sessions.push_back(std::move(s));
  }
  return state;
}

sync::CycleReport report(std::shared_ptr<const dao::ClusterSnapshot> state) {
  sync::CycleReport r;
  r.cluster = sync::ClusterRef{1, "production"};
  r.host = "gluster-node-0.example.net";
  r.gatewayCalls = 2;
  r.duration = std::chrono::milliseconds(55);
  r.state = std::move(state);
  return r;
}

// The timed loop: one whole exposition per iteration; counter "bytes" = its size.
void renderEveryIteration(benchmark::State& state, const engine::EngineMetricsRegistry& registry) {
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string text = registry.render();
    bytes = text.size();
    benchmark::DoNotOptimize(text.data());
  }
  state.counters["bytes"] = static_cast<double>(bytes);
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
}

void BM_ScrapeMetrics(benchmark::State& state) {
  testing::RecordingEventBus events;
  sync::CycleWatch watch(events, std::chrono::minutes(15));
  auto cycle = report(clusterState());
  watch.onCycle(cycle, "bench");
  engine::EngineMetricsRegistry registry;
  auto engineMetrics = engine::registerEngineMetrics(registry, "0.1.0", std::chrono::system_clock::now());
  auto plugin = registry.registerCollector("georep.sync", [&](api::MetricsWriter& w) { watch.collect(w); });
  renderEveryIteration(state, registry);
}
BENCHMARK(BM_ScrapeMetrics)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_CycleMetricsUpdate(benchmark::State& state) {
  testing::RecordingEventBus events;
  sync::CycleWatch watch(events, std::chrono::minutes(15));
  const auto snapshot = clusterState();
  for (auto _ : state) {
    auto cycle = report(snapshot);
    watch.onCycle(cycle, "bench");
  }
}
BENCHMARK(BM_CycleMetricsUpdate)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ScrapeDrMetrics(benchmark::State& state) {
  std::vector<dr::DrSessionSnapshot> sessions;
  for (int i = 0; i < kSessions; ++i) {
    dr::DrSessionSnapshot s;
    s.labels = dao::DrSessionLabels{"production", "primary-volume-" + std::to_string(i / 4),
                                    "root@dr-site-node-" + std::to_string(i % 7) + ".example.net::secondary-volume-" +
                                        std::to_string(i)};
    s.policy.sessionId = i + 1;
    s.lastSuccess.emplace();
    s.lastSuccess->checkpointTime = dao::TimePoint(std::chrono::seconds(1'800'000'000 + i));
    s.runsByResult = {{"failed", i % 3}, {"skipped", 1}, {"succeeded", 100 + i}};
    sessions.push_back(std::move(s));
  }
  dr::DrMetrics metrics;
  metrics.publish(std::move(sessions));
  engine::EngineMetricsRegistry registry;
  auto dr = registry.registerCollector("georep.dr", [&](api::MetricsWriter& w) {
    metrics.collect(w, dao::TimePoint(std::chrono::seconds(1'800'100'000)));
  });
  renderEveryIteration(state, registry);
}
BENCHMARK(BM_ScrapeDrMetrics)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
