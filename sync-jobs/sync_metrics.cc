// SyncMetrics (sync-jobs/sync_metrics.h).
#include "sync-jobs/sync_metrics.h"

#include <utility>

#include "dao/reconcile_snapshot.h"
#include "sync-jobs/stall_detector.h"

namespace georep::sync {
namespace {

using api::MetricLabel;
using api::MetricType;
using gluster::AggregateStatus;

constexpr std::array<AggregateStatus, 8> kSessionStatuses{
    AggregateStatus::kCreated, AggregateStatus::kInitializing,  AggregateStatus::kActive,  AggregateStatus::kPartialFaulty,
    AggregateStatus::kFaulty,  AggregateStatus::kPaused,        AggregateStatus::kStopped, AggregateStatus::kUnknown};

double unixSeconds(gluster::TimePoint t) { return static_cast<double>(t.time_since_epoch().count()); }

bool isDatabaseFailure(const CycleReport& report) { return report.error.rfind("database: ", 0) == 0; }

}  // namespace

void SyncMetrics::countCalls(ClusterRecord& record, const CycleReport& report) {
  const std::uint64_t calls = report.gatewayCalls;
  switch (report.outcome) {
    case CycleReport::Outcome::kOk:
      record.callsOk += calls - std::min<std::uint64_t>(calls, report.configFetchFailures);
      record.callsError += report.configFetchFailures;
      break;
    case CycleReport::Outcome::kUnreachable:
      // The call that found no host is counted as unreachable, those before it answered.
      record.callsOk += calls > 0 ? calls - 1 - std::min<std::uint64_t>(calls - 1, report.configFetchFailures) : 0;
      record.callsError += report.configFetchFailures;
      ++record.callsUnreachable;
      break;
    case CycleReport::Outcome::kFailed:
      if (isDatabaseFailure(report) || calls == 0) {
        record.callsOk += calls;
      } else {  // the last call was answered with an error or output that could not be used
        record.callsOk += calls - 1;
        ++record.callsError;
      }
      break;
    case CycleReport::Outcome::kTimedOut:
    case CycleReport::Outcome::kCancelled:
    case CycleReport::Outcome::kNotFound: break;
  }
}

void SyncMetrics::onCycle(const CycleReport& report, const StallDetector& stalls,
                          std::chrono::system_clock::time_point now) {
  const std::int64_t id = report.cluster.id;
  if (report.outcome == CycleReport::Outcome::kNotFound) {  // removed from the inventory: its series go
    std::lock_guard lock(mutex_);
    clusters_.erase(id);
    return;
  }
  if (report.outcome == CycleReport::Outcome::kTimedOut || report.outcome == CycleReport::Outcome::kCancelled) return;

  std::shared_ptr<const std::vector<SessionSeries>> sessions;
  if (report.state) {
    auto built = std::make_shared<std::vector<SessionSeries>>();
    built->reserve(report.state->sessions.size());
    for (const dao::StoredSession& s : report.state->sessions) {
      SessionSeries series;
      series.volume = s.session.masterVolume;
      series.secondary = s.session.secondaryUser + "@" + s.session.secondaryHost + "::" + s.session.secondaryVolume;
      series.status = s.session.status;
      series.stalled = stalls.isStalled(s.session.id);
      series.bricks.reserve(s.bricks.size());
      for (const dao::SessionBrickRecord& b : s.bricks) {
        series.bricks.push_back(BrickSeries{b.host + ":" + b.path, b.workerStatus, b.entryPending, b.dataPending,
                                            b.metaPending, b.failures, b.lastSynced, b.checkpointCompleted});
      }
      built->push_back(std::move(series));
    }
    sessions = std::move(built);
  }

  std::lock_guard lock(mutex_);
  const auto previous = clusters_.find(id);
  auto record = previous != clusters_.end() ? std::make_shared<ClusterRecord>(*previous->second)
                                            : std::make_shared<ClusterRecord>();
  if (!report.cluster.name.empty()) record->name = report.cluster.name;
  countCalls(*record, report);
  if (report.kind == CycleReport::Kind::kStatus) {
    if (sessions) record->sessions = std::move(sessions);
    if (report.outcome == CycleReport::Outcome::kUnreachable) record->reachable = false;
    if (!report.host.empty()) record->reachable = true;
    if (report.outcome == CycleReport::Outcome::kOk) {
      record->lastSuccess = std::chrono::duration<double>(now.time_since_epoch()).count();
    }
    const double seconds = std::chrono::duration<double>(report.duration).count();
    ++record->cycles;
    record->cycleSeconds += seconds;
    for (std::size_t i = 0; i < kCycleBuckets.size(); ++i) {
      if (seconds <= kCycleBuckets[i]) ++record->buckets[i];
    }
  }
  clusters_[id] = std::move(record);
}

void SyncMetrics::collect(api::MetricsWriter& w) const {
  std::vector<std::shared_ptr<const ClusterRecord>> clusters;
  {
    std::lock_guard lock(mutex_);
    clusters.reserve(clusters_.size());
    for (const auto& [id, record] : clusters_) clusters.push_back(record);
  }
  // Calls fn(labels of the session, session, cluster) for every session of every cluster.
  const auto eachSession = [&](auto&& fn) {
    for (const auto& c : clusters) {
      if (!c->sessions) continue;
      for (const SessionSeries& s : *c->sessions) {
        const std::array<MetricLabel, 3> labels{MetricLabel{"cluster", c->name}, MetricLabel{"volume", s.volume},
                                                MetricLabel{"secondary", s.secondary}};
        fn(labels, s);
      }
    }
  };
  // Calls fn(labels of the brick, brick) for every brick of every session.
  const auto eachBrick = [&](auto&& fn) {
    eachSession([&](const std::array<MetricLabel, 3>& session, const SessionSeries& s) {
      for (const BrickSeries& b : s.bricks) {
        const std::array<MetricLabel, 4> labels{session[0], session[1], session[2], MetricLabel{"brick", b.brick}};
        fn(labels, b);
      }
    });
  };

  std::array<std::string_view, kSessionStatuses.size()> statusNames{};
  for (std::size_t i = 0; i < kSessionStatuses.size(); ++i) statusNames[i] = gluster::aggregateStatusName(kSessionStatuses[i]);
  w.family("georep_session_status", MetricType::kGauge,
           "Aggregate status of a geo-replication session (state set: 1 for the current status).");
  eachSession([&](const auto& labels, const SessionSeries& s) {
    w.stateSet(labels, "status", statusNames, gluster::aggregateStatusName(s.status));
  });
  w.family("georep_session_stalled", MetricType::kGauge,
           "1 while the session has pending work and its counters and last-synced time do not move.");
  eachSession([&](const auto& labels, const SessionSeries& s) { w.sample(labels, s.stalled ? 1 : 0); });

  w.family("georep_brick_worker_status", MetricType::kGauge,
           "The geo-replication worker of a primary brick: 1, labelled with its current status.");
  eachBrick([&](const std::array<MetricLabel, 4>& brick, const BrickSeries& b) {
    const std::array<MetricLabel, 5> labels{brick[0], brick[1], brick[2], brick[3],
                                            MetricLabel{"status", gluster::workerStatusName(b.status)}};
    w.sample(labels, 1);
  });
  w.family("georep_brick_pending", MetricType::kGauge,
           "Operations of the worker's current batch still to sync, by kind (entry, data, meta).");
  eachBrick([&](const std::array<MetricLabel, 4>& brick, const BrickSeries& b) {
    const std::array<std::pair<std::string_view, const std::optional<std::int64_t>*>, 3> kinds{
        std::pair{std::string_view("entry"), &b.entry}, std::pair{std::string_view("data"), &b.data},
        std::pair{std::string_view("meta"), &b.meta}};
    for (const auto& [kind, value] : kinds) {
      if (!*value) continue;
      const std::array<MetricLabel, 5> labels{brick[0], brick[1], brick[2], brick[3], MetricLabel{"kind", kind}};
      w.sample(labels, static_cast<double>(**value));
    }
  });
  w.family("georep_brick_failures", MetricType::kGauge,
           "Failed entry operations the worker reports (gluster's cumulative count; resets when the worker restarts).");
  eachBrick([&](const auto& labels, const BrickSeries& b) {
    if (b.failures) w.sample(labels, static_cast<double>(*b.failures));
  });
  w.family("georep_brick_last_synced_timestamp_seconds", MetricType::kGauge,
           "When the worker last synced, in seconds since the Unix epoch.");
  eachBrick([&](const auto& labels, const BrickSeries& b) {
    if (b.lastSynced) w.sample(labels, unixSeconds(*b.lastSynced));
  });
  w.family("georep_checkpoint_completed", MetricType::kGauge,
           "1 when the worker reports the session's checkpoint completed, 0 when not (absent: no checkpoint).");
  eachBrick([&](const auto& labels, const BrickSeries& b) {
    if (b.checkpointCompleted) w.sample(labels, *b.checkpointCompleted ? 1 : 0);
  });

  w.family("georep_cluster_reachable", MetricType::kGauge,
           "1 when a host of the cluster answered the last sync cycle, 0 when none did.");
  for (const auto& c : clusters) {
    const std::array<MetricLabel, 1> labels{MetricLabel{"cluster", c->name}};
    if (c->reachable) w.sample(labels, *c->reachable ? 1 : 0);
  }
  w.family("georep_sync_last_success_timestamp_seconds", MetricType::kGauge,
           "When the last successful status cycle of the cluster ended, in seconds since the Unix epoch.");
  for (const auto& c : clusters) {
    const std::array<MetricLabel, 1> labels{MetricLabel{"cluster", c->name}};
    if (c->lastSuccess) w.sample(labels, *c->lastSuccess);
  }
  w.family("georep_sync_cycle_seconds", MetricType::kHistogram, "Duration of the sync job's status cycles.");
  for (const auto& c : clusters) {
    if (c->cycles == 0) continue;
    const std::array<MetricLabel, 1> labels{MetricLabel{"cluster", c->name}};
    w.histogram(labels, kCycleBuckets, c->buckets, c->cycleSeconds, c->cycles);
  }
  w.family("georep_gluster_calls_total", MetricType::kCounter,
           "gluster operations the sync job ran on the cluster, by result: ok, error (refused or unusable "
           "answer), unreachable (no host answered).");
  for (const auto& c : clusters) {
    const std::array<std::pair<std::string_view, std::uint64_t>, 3> results{
        std::pair{std::string_view("ok"), c->callsOk}, std::pair{std::string_view("error"), c->callsError},
        std::pair{std::string_view("unreachable"), c->callsUnreachable}};
    for (const auto& [result, count] : results) {
      const std::array<MetricLabel, 2> labels{MetricLabel{"cluster", c->name}, MetricLabel{"result", result}};
      w.sample(labels, static_cast<double>(count));
    }
  }
}

}  // namespace georep::sync
