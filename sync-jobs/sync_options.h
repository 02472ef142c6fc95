// SyncOptions: the sync job's tunables, read from the plugin's config section "sync":
//   {"enabled": true, "interval_ms": 10000, "jitter_ms": 0, "config_interval_ms": 300000,
//    "config_reads_per_cycle": 25, "cluster_timeout_ms": 60000, "max_parallel": 4, "stall_minutes": 15,
//    "fault_retry_cycles": 6, "history_retention_days": 30, "history_sample_interval_s": 60}
// interval_ms: status reconciliation period, i.e. one cycle (>= 100). config_interval_ms: a config drift
// sweep of every session starts at most this often (>= 1000). config_reads_per_cycle: config calls per
// cluster and cycle at most, due reads and the sweep's slice together (1..1000; ConfigSchedule).
// cluster_timeout_ms: how long georep.sync.now (and stop) wait for one cluster. max_parallel: worker
// threads, i.e. clusters reconciled at once (1..64). stall_minutes: a running session with pending work
// whose counters and last-synced time do not move this long is reported stalled (1..10080, default 15).
// Anything else is refused with a clear message.
// Thread-safety: plain values.
#pragma once

#include <chrono>
#include <cstddef>

#include <nlohmann/json_fwd.hpp>

namespace georep::sync {

struct SyncOptions {
  bool enabled = true;
  std::chrono::milliseconds interval{10000};
  std::chrono::milliseconds jitter{0};
  std::chrono::milliseconds configInterval{300000};
  std::size_t configReadsPerCycle = 25;
  std::chrono::milliseconds clusterTimeout{60000};
  std::size_t maxParallel = 4;
  std::chrono::minutes stallAfter{15};
  // Why workers fail and history (sync-jobs/fault_investigator.h, history_recorder.h):
  int faultRetryCycles = 6;                              // fault_retry_cycles 1..10000
  std::chrono::seconds historyRetention{30LL * 24 * 3600};  // history_retention_days 1..3650
  std::chrono::seconds historySampleInterval{60};        // history_sample_interval_s 0..86400

  // From the plugin config (the whole plugin section; "sync" is read from it). Throws
  // std::invalid_argument naming the key on a wrong type or range, or an unknown key.
  static SyncOptions fromPluginConfig(const nlohmann::json& pluginConfig);
};

}  // namespace georep::sync
