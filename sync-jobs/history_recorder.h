// HistoryRecorder: keeps the history charts read (dao::HistoryDao). Run by the status job after a cycle's
// writes (ClusterSync::runStatus), for clusters that answered, in one transaction:
//  - one transition row per georep.session.status_changed (old -> new) and georep.session.discovered
//    (-> status) event of the cycle;
//  - one sample of every session brick of the cluster (worker status, pending entry/data/meta, last-synced
//    lag) when the cluster's latest sample is at least `sample_interval` old;
//  - at most `prune_batch` rows per table older than `retention` deleted (bounded work per cycle; a
//    backlog drains over the following cycles).
// Failures never fail the cycle: they are logged and nothing is written.
// Thread-safety: record() may run concurrently for different clusters.
#pragma once

#include <chrono>
#include <cstddef>
#include <vector>

#include "engine/api/database.h"
#include "engine/api/event_bus.h"
#include "engine/api/inventory.h"

namespace georep::sync {

struct HistoryOptions {
  std::chrono::seconds retention{30LL * 24 * 3600};
  std::chrono::seconds sampleInterval{60};
  std::size_t pruneBatch = 5000;
};

struct HistoryReport {
  std::size_t transitions = 0;
  std::size_t samples = 0;
  std::size_t pruned = 0;
};

class HistoryRecorder {
 public:
  HistoryRecorder(api::Database& database, HistoryOptions options);

  HistoryReport record(const api::Cluster& cluster, const std::vector<api::Event>& events);

 private:
  api::Database& database_;
  HistoryOptions options_;
};

}  // namespace georep::sync
