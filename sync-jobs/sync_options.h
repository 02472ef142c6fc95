// SyncOptions: the sync job's tunables, read from the plugin's config section "sync":
//   {"enabled": true, "interval_ms": 10000, "jitter_ms": 0, "config_interval_ms": 300000,
//    "cluster_timeout_ms": 60000, "max_parallel": 4, "fault_retry_cycles": 6, "history_retention_days": 30,
//    "history_sample_interval_s": 60}
// interval_ms: status reconciliation period (>= 100). config_interval_ms: config drift period (>= 1000).
// cluster_timeout_ms: how long georep.sync.now (and stop) wait for one cluster. max_parallel: worker
// threads, i.e. clusters reconciled at once (1..64). Anything else is refused with a clear message.
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
  std::chrono::milliseconds clusterTimeout{60000};
  std::size_t maxParallel = 4;
  // Why workers fail and history (sync-jobs/fault_investigator.h, history_recorder.h):
  int faultRetryCycles = 6;                              // fault_retry_cycles 1..10000
  std::chrono::seconds historyRetention{30LL * 24 * 3600};  // history_retention_days 1..3650
  std::chrono::seconds historySampleInterval{60};        // history_sample_interval_s 0..86400

  // From the plugin config (the whole plugin section; "sync" is read from it). Throws
  // std::invalid_argument naming the key on a wrong type or range, or an unknown key.
  static SyncOptions fromPluginConfig(const nlohmann::json& pluginConfig);
};

}  // namespace georep::sync
