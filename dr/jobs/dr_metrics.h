// DrMetrics: the DR job's Prometheus families, served from memory. DrScheduler publishes a snapshot of
// every policy on each tick (its labels, policy, last succeeded run and run counts: a few queries per
// tick, none per scrape); collect() renders it, computing RPO = now - T at scrape time from the cached T
// with the same recovery-point logic as georep.dr.policy.get (commands/dr_runs.h). Families (README,
// "Metrics"), labels {cluster, volume, secondary} as georep_session_status:
//   georep_session_data_consistent_timestamp_seconds  data consistent as of (commands/dr_runs.h; absent before)
//   georep_session_rpo_seconds                        now - T (absent before a succeeded run)
//   georep_session_rpo_target_seconds                 the policy's target (always, once a policy exists)
//   georep_dr_runs_total{...,result}                  ended runs by result (succeeded, failed, ...)
// No family is written while no policy exists.
// Thread-safety: publish() and collect() may be called concurrently from any thread; a published
// snapshot is immutable (a shared_ptr swapped under a mutex) and rendered outside the lock.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dao/dr_records.h"
#include "engine/api/metrics.h"

namespace georep::dr {

// One session with a DR policy, as a tick read it.
struct DrSessionSnapshot {
  dao::DrSessionLabels labels;
  dao::DrPolicyRecord policy;
  std::optional<dao::DrRunRecord> lastSuccess;
  std::optional<dao::TimePoint> completedCheckpoint;  // continuous mode's consistent point outside runs
  std::vector<std::pair<std::string, std::int64_t>> runsByResult;  // ended runs only
};

class DrMetrics {
 public:
  void publish(std::vector<DrSessionSnapshot> sessions);
  void collect(api::MetricsWriter& writer, dao::TimePoint now) const;

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const std::vector<DrSessionSnapshot>> sessions_;
};

}  // namespace georep::dr
