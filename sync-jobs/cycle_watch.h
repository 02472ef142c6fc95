// CycleWatch: what the sync job does with each finished cycle besides writing the database: stall
// detection (sync-jobs/stall_detector.h; its events raised with the run's correlation id and appended to
// the report) and the in-memory metrics (sync-jobs/sync_metrics.h) that GET /metrics renders through the
// collector SyncService registers. Time comes from an injected clock, so tests script it.
// Thread-safety: onCycle() and collect() may be called concurrently from any thread.
#pragma once

#include <chrono>
#include <functional>

#include "engine/api/event_bus.h"
#include "engine/api/metrics.h"
#include "sync-jobs/cycle_report.h"
#include "sync-jobs/stall_detector.h"
#include "sync-jobs/sync_metrics.h"

namespace georep::sync {

class CycleWatch {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;

  CycleWatch(api::EventBus& events, std::chrono::seconds stallAfter,
             Clock clock = [] { return std::chrono::system_clock::now(); });

  void onCycle(CycleReport& report, const std::string& correlationId);
  void collect(api::MetricsWriter& writer) const { metrics_.collect(writer); }

  const StallDetector& stalls() const { return stalls_; }

 private:
  api::EventBus& events_;
  Clock clock_;
  StallDetector stalls_;
  SyncMetrics metrics_;
};

}  // namespace georep::sync
