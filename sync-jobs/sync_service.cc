// SyncService (sync-jobs/sync_service.h).
#include "sync-jobs/sync_service.h"

#include <atomic>
#include <exception>
#include <random>
#include <sstream>
#include <utility>

#include <spdlog/spdlog.h>

#include "engine/api/command_error.h"

namespace georep::sync {
namespace {

bool isConfigCommandEvent(const std::string& name) {
  return name == "georep.config.set" || name == "georep.config.reset" || name == "georep.config.set_failed" ||
         name == "georep.config.reset_failed";
}

CycleReport stubReport(const api::Cluster& cluster, CycleReport::Kind kind, CycleReport::Outcome outcome,
                       std::string error) {
  CycleReport r;
  r.kind = kind;
  r.cluster = ClusterRef{cluster.id, cluster.name};
  r.outcome = outcome;
  r.error = std::move(error);
  return r;
}

}  // namespace

SyncService::SyncService(api::HostServices& host, gluster::ClusterGateway& gateway, SyncOptions options)
    : host_(host),
      options_(options),
      faults_(host.database, gateway, FaultOptions{options.faultRetryCycles}),
      history_(host.database, HistoryOptions{options.historyRetention, options.historySampleInterval}),
      clusterSync_(host.database, host.events, gateway),
      watch_(host.events, options.stallAfter),
      configSchedule_(options.configReadsPerCycle, options.configInterval) {
  clusterSync_.setFollowUps(&faults_, &history_);
}

SyncService::SyncService(api::HostServices& host, gluster::ClusterGateway& gateway)
    : SyncService(host, gateway, SyncOptions::fromPluginConfig(host.config)) {}

SyncService::~SyncService() { stop(); }

std::string SyncService::newCorrelationId() {
  static std::atomic<unsigned long long> counter{0};
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::ostringstream s;
  s << "sync-" << std::hex << (rng() & 0xffffffffULL) << "-" << std::dec << ++counter;
  return s.str();
}

void SyncService::start() {
  {
    std::lock_guard lock(mutex_);
    if (running_) return;
    pool_ = std::make_unique<WorkerPool>(options_.maxParallel);
    lanes_.clear();
    running_ = true;
  }
  command_ = commands::registerSyncNow(host_.commands, *this);
  metrics_ = host_.metrics.registerCollector("georep.sync", [this](api::MetricsWriter& w) { watch_.collect(w); });
  subscription_ = host_.events.subscribe([this](const api::Event& e) { onEvent(e); });
  if (options_.enabled) {
    api::JobSpec status;
    status.name = kStatusJob;
    status.interval = options_.interval;
    status.jitter = options_.jitter;
    status.runImmediately = true;
    status.run = [this] { statusTick(); };
    jobs_.push_back(host_.scheduler.schedule(std::move(status)));
  }
  spdlog::info("georep sync: started (every {} ms, up to {} config reads per cluster and cycle, a drift sweep "
               "at most every {} ms, {} clusters at once{})",
               options_.interval.count(), options_.configReadsPerCycle, options_.configInterval.count(),
               options_.maxParallel, options_.enabled ? "" : ", periodic jobs disabled");
}

void SyncService::stop() {
  std::unique_ptr<WorkerPool> pool;
  {
    std::lock_guard lock(mutex_);
    if (!running_) return;
    running_ = false;  // no new runs from here on
    // Runs queued behind a running one will not start: tell whoever waits for them.
    for (auto& [key, lane] : lanes_) {
      if (!lane.queued) continue;
      lane.queued->promise.set_value(stubReport(api::Cluster{key.first, "", "", ""}, key.second,
                                                CycleReport::Outcome::kCancelled, "the sync job stopped"));
      lane.queued.reset();
    }
  }
  jobs_.clear();  // waits for a tick in progress
  subscription_.disconnect();
  command_.reset();  // waits for sync.now handlers (bounded by cluster_timeout_ms)
  metrics_.reset();  // waits for a scrape in progress
  {
    std::lock_guard lock(mutex_);
    pool = std::move(pool_);
  }
  if (pool) pool->shutdown();  // waits for running reconciliations, drops queued ones
  std::lock_guard lock(mutex_);
  lanes_.clear();
  spdlog::info("georep sync: stopped");
}

void SyncService::onEvent(const api::Event& event) {
  if (!isConfigCommandEvent(event.name)) return;
  const auto it = event.body.find("session_id");
  if (it == event.body.end() || !it->is_number_integer()) return;
  configSchedule_.markDue(it->get<std::int64_t>());
}

std::shared_ptr<SyncService::Run> SyncService::submit(const api::Cluster& cluster, Kind kind, std::shared_ptr<Run> run,
                                                      When when) {
  std::lock_guard lock(mutex_);
  if (!running_ || !pool_) return nullptr;
  Lane& lane = lanes_[{cluster.id, kind}];
  if (lane.running) {
    if (when == When::kIfIdle) return nullptr;
    if (!lane.queued) {
      lane.queued = std::move(run);
    } else if (kind == Kind::kConfig && lane.queued->scheduled && !run->scheduled) {
      // An explicit request replaces the scheduled slice (what was due stays due for the next cycle).
      lane.queued->scheduled = false;
      lane.queued->sessions = run->sessions;
    } else if (kind == Kind::kConfig && !run->scheduled && lane.queued->sessions) {
      // Merge what the two requests want to check.
      if (!run->sessions) lane.queued->sessions.reset();
      else lane.queued->sessions->insert(run->sessions->begin(), run->sessions->end());
    }
    return lane.queued;
  }
  lane.running = true;
  startLocked(cluster.id, kind, run);
  return run;
}

void SyncService::startLocked(std::int64_t clusterId, Kind kind, std::shared_ptr<Run> run) {
  const bool accepted = pool_->submit([this, clusterId, kind, run] { execute(clusterId, kind, run); });
  if (!accepted) {
    lanes_[{clusterId, kind}].running = false;
    run->promise.set_value(stubReport(api::Cluster{clusterId, "", "", ""}, kind, CycleReport::Outcome::kCancelled,
                                      "the sync job is stopping"));
  }
}

dao::WriteFence SyncService::fenceFor(std::int64_t clusterId, Kind kind, std::int64_t epoch, bool periodic) {
  api::Leadership& leadership = host_.leadership;
  if (kind == Kind::kStatus) {
    // Right after a hand-over the new leader waits until half a period has passed since the previous
    // leader's last cycle: never two periodic reconciliations of one cluster in one period. (A sync.now
    // is an operator's explicit request: never held back.)
    const std::chrono::milliseconds minGap = periodic ? options_.interval / 2 : std::chrono::milliseconds(0);
    return [&leadership, clusterId, epoch, minGap](soci::session& sql) {
      return leadership.recordCycle(sql, clusterId, epoch, minGap);
    };
  }
  return [&leadership, clusterId, epoch](soci::session& sql) { return leadership.checkEpoch(sql, clusterId, epoch); };
}

void SyncService::execute(std::int64_t clusterId, Kind kind, const std::shared_ptr<Run>& run) {
  CycleReport report;
  try {
    const std::optional<api::Cluster> cluster = host_.inventory.clusterById(clusterId);
    const dao::WriteFence fence = run->epoch ? fenceFor(clusterId, kind, *run->epoch, run->periodic) : dao::WriteFence{};
    if (run->epoch && host_.leadership.leads(clusterId) != run->epoch) {
      report = stubReport(api::Cluster{clusterId, cluster ? cluster->name : "", "", ""}, kind,
                          CycleReport::Outcome::kCancelled, "this engine no longer leads the cluster");
    } else if (!cluster) {
      report = stubReport(api::Cluster{clusterId, "", "", ""}, kind, CycleReport::Outcome::kNotFound,
                          "cluster no longer in the inventory");
    } else if (kind == Kind::kStatus) {
      report = clusterSync_.runStatus(*cluster, run->correlationId, fence);
    } else if (run->scheduled) {
      report = clusterSync_.runConfig(
          *cluster,
          [this, clusterId](const std::vector<std::int64_t>& ids) {
            return configSchedule_.pick(clusterId, ids, ConfigSchedule::Clock::now());
          },
          run->correlationId, fence);
    } else {
      report = clusterSync_.runConfig(*cluster, run->sessions, run->correlationId, fence);
    }
  } catch (const std::exception& e) {
    report = stubReport(api::Cluster{clusterId, "", "", ""}, kind, CycleReport::Outcome::kFailed,
                        std::string("internal: ") + e.what());
    spdlog::error("georep sync: {} run of cluster {} failed: {}", kindName(kind), clusterId, e.what());
  }
  try {
    watch_.onCycle(report, run->correlationId);
  } catch (const std::exception& e) {
    spdlog::error("georep sync: stall detection or metrics of cluster {} failed: {}", clusterId, e.what());
  }
  if (report.changed() || report.outcome != CycleReport::Outcome::kOk) {
    spdlog::info("georep sync: {} of cluster {}: {}{}{}, {} event(s), {} ms", kindName(kind), report.cluster.name,
                 outcomeName(report.outcome), report.error.empty() ? "" : ": ", report.error, report.events.size(),
                 report.duration.count());
  }
  // Discovered sessions get their config read by the config run that follows, in this cycle; reads that
  // could not be done are due again next cycle.
  for (const auto& e : report.events) {
    if (e.name == kEventDiscovered && e.body.contains("session_id"))
      configSchedule_.markDue(e.body.at("session_id").get<std::int64_t>());
  }
  configSchedule_.markDue(report.configRetry);
  const bool followWithConfig = kind == Kind::kStatus && report.outcome == CycleReport::Outcome::kOk;
  const std::string correlationId = run->correlationId;
  const std::optional<std::int64_t> epoch = run->epoch;
  run->promise.set_value(std::move(report));

  std::lock_guard lock(mutex_);
  if (followWithConfig && running_ && pool_) {
    auto config = std::make_shared<Run>();
    config->correlationId = correlationId;
    config->scheduled = true;
    config->epoch = epoch;
    Lane& configLane = lanes_[{clusterId, Kind::kConfig}];
    if (!configLane.running) {
      configLane.running = true;
      startLocked(clusterId, Kind::kConfig, std::move(config));
    } else if (!configLane.queued) {
      configLane.queued = std::move(config);
    }
  }
  auto it = lanes_.find({clusterId, kind});
  if (it == lanes_.end()) return;
  Lane& lane = it->second;
  if (lane.queued && running_ && pool_) {
    std::shared_ptr<Run> next = std::move(lane.queued);
    lane.queued.reset();
    startLocked(clusterId, kind, std::move(next));
  } else {
    lane.running = false;
  }
}

void SyncService::statusTick() {
  std::vector<api::Cluster> clusters;
  try {
    clusters = host_.inventory.clusters();
  } catch (const std::exception& e) {
    spdlog::error("georep sync: reading the inventory failed: {}", e.what());
    return;
  }
  for (const auto& cluster : clusters) {
    const std::optional<std::int64_t> epoch = host_.leadership.leads(cluster.id);
    if (!epoch) continue;  // another engine leads it (engine.leadership)
    auto run = std::make_shared<Run>();
    run->correlationId = newCorrelationId();
    run->epoch = epoch;
    run->periodic = true;
    if (!submit(cluster, Kind::kStatus, run, When::kIfIdle)) {
      spdlog::debug("georep sync: cluster {} still reconciling, skipped this tick", cluster.name);
    }
  }
}

std::optional<std::vector<CycleReport>> SyncService::runNow(const std::optional<std::string>& clusterName,
                                                            bool includeConfig, const std::string& correlationId) {
  std::vector<api::Cluster> clusters;
  if (clusterName) {
    auto cluster = host_.inventory.clusterByName(*clusterName);
    if (!cluster) return std::nullopt;
    clusters.push_back(*cluster);
  } else {
    clusters = host_.inventory.clusters();
  }

  struct Pending {
    api::Cluster cluster;
    Kind kind;
    std::shared_ptr<Run> run;
  };
  std::vector<Pending> pending;
  for (const auto& cluster : clusters) {
    const std::optional<std::int64_t> epoch = host_.leadership.leads(cluster.id);
    auto run = std::make_shared<Run>();
    run->correlationId = correlationId;
    run->epoch = epoch;
    pending.push_back({cluster, Kind::kStatus, submit(cluster, Kind::kStatus, run, When::kAfterCurrent)});
    if (includeConfig) {
      auto config = std::make_shared<Run>();
      config->correlationId = correlationId;
      config->epoch = epoch;
      pending.push_back({cluster, Kind::kConfig, submit(cluster, Kind::kConfig, config, When::kAfterCurrent)});
    }
  }

  // A run may wait for the one in progress before its own: allow two cluster timeouts from now.
  const auto deadline = std::chrono::steady_clock::now() + 2 * options_.clusterTimeout;
  std::vector<CycleReport> reports;
  for (auto& p : pending) {
    if (!p.run) {
      reports.push_back(stubReport(p.cluster, p.kind, CycleReport::Outcome::kCancelled, "the sync job is stopped"));
      continue;
    }
    if (p.run->future.wait_until(deadline) != std::future_status::ready) {
      reports.push_back(stubReport(p.cluster, p.kind, CycleReport::Outcome::kTimedOut,
                                   "still running after " + std::to_string(2 * options_.clusterTimeout.count()) +
                                       " ms; it goes on in the background"));
      continue;
    }
    try {
      reports.push_back(p.run->future.get());
    } catch (const std::exception& e) {  // broken promise: dropped by stop()
      reports.push_back(stubReport(p.cluster, p.kind, CycleReport::Outcome::kCancelled, e.what()));
    }
  }
  return reports;
}

nlohmann::json SyncService::syncNow(const commands::SyncNowRequest& request, const api::CommandContext& ctx) {
  {
    std::lock_guard lock(mutex_);
    if (!running_) throw api::CommandError(api::ErrorCode::kUnavailable, "the sync job is stopped");
  }
  auto reports = runNow(request.cluster, request.config, ctx.correlationId);
  if (!reports) {
    throw api::CommandError(api::ErrorCode::kNotFound, "no cluster named '" + request.cluster.value_or("") + "'",
                            "cluster");
  }
  nlohmann::json clusters = nlohmann::json::array();
  bool changed = false;
  for (const auto& r : *reports) {
    changed = changed || r.changed();
    clusters.push_back(toJson(r));
  }
  return nlohmann::json{{"clusters", std::move(clusters)}, {"changed", changed}};
}

}  // namespace georep::sync
