// SyncMetrics: the plugin's Prometheus families, kept in memory and updated by every cycle of the sync
// job (onCycle), so that a scrape (collect) reads no database and calls no gluster. Per cluster it keeps
// the sessions and bricks as the last successful status cycle left them (sync-jobs/snapshot_overlay.h),
// whether the cluster answered, the duration histogram of status cycles and the gluster calls made.
// Families (names are stable and documented in the README, "Metrics"):
//   georep_session_status{cluster,volume,secondary,status}          state set over the aggregate statuses
//   georep_session_stalled{cluster,volume,secondary}                1 while stalled (sync-jobs/stall_detector.h)
//   georep_brick_worker_status{cluster,volume,secondary,brick,status}  1, labelled with the current status
//   georep_brick_pending{cluster,volume,secondary,brick,kind}       kind = entry | data | meta
//   georep_brick_failures{...,brick}, georep_brick_last_synced_timestamp_seconds{...,brick},
//   georep_checkpoint_completed{...,brick}                          (only the values gluster reported)
//   georep_cluster_reachable{cluster}, georep_sync_last_success_timestamp_seconds{cluster},
//   georep_sync_cycle_seconds{cluster} (histogram), georep_gluster_calls_total{cluster,result}
// The DR series (georep_session_data_consistent_timestamp_seconds, georep_session_rpo_seconds, ..._target_
// seconds, georep_dr_runs_total) come from the DR scheduler's own collector: dr/jobs/dr_metrics.h.
// Thread-safety: onCycle() and collect() may be called concurrently from any thread. Each cluster's
// record is immutable once published (a shared_ptr swapped under a mutex); collect() renders outside
// the lock.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/api/metrics.h"
#include "gluster/model.h"
#include "gluster/session_health.h"
#include "sync-jobs/cycle_report.h"

namespace georep::sync {

class StallDetector;

class SyncMetrics {
 public:
  // Upper bounds of georep_sync_cycle_seconds, in seconds.
  static constexpr std::array<double, 11> kCycleBuckets{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};

  // `now`: when the cycle ended (for georep_sync_last_success_timestamp_seconds).
  void onCycle(const CycleReport& report, const StallDetector& stalls, std::chrono::system_clock::time_point now);
  void collect(api::MetricsWriter& writer) const;

 private:
  struct BrickSeries {
    std::string brick;  // "host:path"
    gluster::WorkerStatus status = gluster::WorkerStatus::kUnknown;
    std::optional<std::int64_t> entry, data, meta, failures;
    std::optional<gluster::TimePoint> lastSynced;
    std::optional<bool> checkpointCompleted;
  };
  struct SessionSeries {
    std::string volume;
    std::string secondary;  // "user@host::volume"
    gluster::AggregateStatus status = gluster::AggregateStatus::kUnknown;
    bool stalled = false;
    std::vector<BrickSeries> bricks;
  };
  struct ClusterRecord {
    std::string name;
    std::shared_ptr<const std::vector<SessionSeries>> sessions;  // null until a status cycle succeeded
    std::optional<bool> reachable;
    std::optional<double> lastSuccess;  // Unix seconds
    std::array<std::uint64_t, kCycleBuckets.size()> buckets{};  // cumulative
    std::uint64_t cycles = 0;
    double cycleSeconds = 0;
    std::uint64_t callsOk = 0, callsError = 0, callsUnreachable = 0;
  };

  static void countCalls(ClusterRecord& record, const CycleReport& report);

  mutable std::mutex mutex_;
  std::map<std::int64_t, std::shared_ptr<const ClusterRecord>> clusters_;  // by cluster id
};

}  // namespace georep::sync
