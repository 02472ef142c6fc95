// SyncService: the sync job. start() registers with the engine
//  - the periodic status job "georep.sync.status" (SyncOptions::interval, default 10 s): every cluster of
//    the inventory is reconciled (ClusterSync::runStatus) on a bounded worker pool (max_parallel), so
//    clusters run in parallel and a slow or hung cluster holds one worker only; a cluster whose previous
//    run is still going is skipped, never run twice at once;
//  - config truth in every cycle: when a cluster's status run ends, a config run of that cluster follows
//    and reads what ConfigSchedule picks (at most config_reads_per_cycle calls): sessions discovered by
//    that status run (so in the same cycle), sessions a config command touched (georep.config.set / reset
//    events), reads to retry (glusterd busy, session held by a command, cluster unreachable), then the
//    next slice of the drift sweep (every session in turn, a sweep starting at most every
//    config_interval_ms);
//  - the command georep.sync.now (commands/sync_now.h): runs now for one cluster or all and waits,
//    at most cluster_timeout_ms per cluster, for the reports; a run requested while one is going is
//    started right after it.
// Several engines on one database: the periodic job hands a cluster to the pool only when this engine
// leads it (HostServices::leadership, engine/api/leadership.h), and every run it starts writes under that
// leadership epoch: a status run records its cycle with recordCycle() inside its write transaction (also
// when nothing else changed), a config run checks the epoch in its drift write; a refused fence ends the
// run kCancelled with nothing written and no event. A run queued while the leadership was lost does not
// start. georep.sync.now runs on any engine (a command): fenced when this engine leads the cluster.
// stop() drops the jobs, the subscription and the command, and waits for running reconciliations; queued
// ones are dropped. The periodic job itself never waits for clusters: it only hands them to the pool.
// Thread-safety: start()/stop() from one thread (the plugin's); everything else from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/signals2/connection.hpp>

#include "commands/sync_now.h"
#include "engine/api/plugin.h"
#include "sync-jobs/cluster_sync.h"
#include "sync-jobs/config_schedule.h"
#include "sync-jobs/cycle_report.h"
#include "sync-jobs/cycle_watch.h"
#include "sync-jobs/fault_investigator.h"
#include "sync-jobs/history_recorder.h"
#include "sync-jobs/sync_options.h"
#include "sync-jobs/worker_pool.h"

namespace georep::gluster {
class ClusterGateway;
}

namespace georep::sync {

class SyncService : public commands::SyncNowRunner {
 public:
  inline static const std::string kStatusJob = "georep.sync.status";

  SyncService(api::HostServices& host, gluster::ClusterGateway& gateway, SyncOptions options);
  SyncService(api::HostServices& host, gluster::ClusterGateway& gateway);  // options from host.config
  ~SyncService() override;
  SyncService(const SyncService&) = delete;
  SyncService& operator=(const SyncService&) = delete;

  void start();
  void stop();

  // One tick of the periodic job (what the scheduler runs): hands every idle cluster to the pool and
  // returns without waiting; each status run is followed by its cluster's scheduled config run.
  void statusTick();

  // Runs now and waits (bounded) for the reports: every cluster, or the named one (nullopt when unknown).
  std::optional<std::vector<CycleReport>> runNow(const std::optional<std::string>& clusterName, bool includeConfig,
                                                 const std::string& correlationId);

  // commands::SyncNowRunner
  nlohmann::json syncNow(const commands::SyncNowRequest& request, const api::CommandContext& ctx) override;

  const SyncOptions& options() const { return options_; }

 private:
  using Kind = CycleReport::Kind;
  struct Run {
    std::promise<CycleReport> promise;
    std::shared_future<CycleReport> future;
    std::string correlationId;
    std::optional<std::set<std::int64_t>> sessions;  // config runs: nullopt = all sessions
    bool scheduled = false;  // config runs: read what ConfigSchedule picks (sessions ignored)
    // The leadership epoch the run works under (api::Leadership): its writes are fenced with it (a status
    // run records its cycle). nullopt: a sync.now on an engine that does not lead the cluster (unfenced,
    // like any command).
    std::optional<std::int64_t> epoch;
    bool periodic = false;  // started by the periodic job (not georep.sync.now): rate-limited by the fence
    Run() : future(promise.get_future().share()) {}
  };
  struct Lane {
    bool running = false;
    std::shared_ptr<Run> queued;  // requested while running: started when the running one ends
  };
  enum class When { kIfIdle, kAfterCurrent };

  // nullptr when skipped (kIfIdle and running) or the service is stopped.
  std::shared_ptr<Run> submit(const api::Cluster& cluster, Kind kind, std::shared_ptr<Run> run, When when);
  void startLocked(std::int64_t clusterId, Kind kind, std::shared_ptr<Run> run);
  void execute(std::int64_t clusterId, Kind kind, const std::shared_ptr<Run>& run);
  void onEvent(const api::Event& event);
  // The write fence of a run under `epoch` (recordCycle for status runs, checkEpoch for config runs).
  dao::WriteFence fenceFor(std::int64_t clusterId, Kind kind, std::int64_t epoch, bool periodic);
  static std::string newCorrelationId();

  api::HostServices host_;  // a copy: the references in it outlive the plugin
  SyncOptions options_;
  FaultInvestigator faults_;
  HistoryRecorder history_;
  ClusterSync clusterSync_;
  CycleWatch watch_;  // stall detection and metrics of every finished cycle

  std::mutex mutex_;
  bool running_ = false;
  std::unique_ptr<WorkerPool> pool_;
  std::map<std::pair<std::int64_t, Kind>, Lane> lanes_;
  ConfigSchedule configSchedule_;

  std::vector<api::Registration> jobs_;
  api::Registration command_;
  api::Registration metrics_;  // the collector of GET /metrics
  boost::signals2::scoped_connection subscription_;
};

}  // namespace georep::sync
