// StallDetector: tells when a geo-replication session stops making progress. Each status cycle hands it
// a cluster's sessions as they now stand (sync-jobs/snapshot_overlay.h) and the time. A session is
// watched when it is running (not CREATED, PAUSED or STOPPED) and has pending work: the sum of
// entry + data + meta of its counted workers is above 0. Counted workers are every worker but Passive
// ones (a Passive worker does not sync; its counters never count, neither as work nor as progress).
// Progress is any change of a counted worker's last-synced time or pending counters (or of which workers
// count). A watched session without progress for `stallAfter` gets ONE georep.session.stalled (warning);
// when progress resumes, its pending work is gone or it stops running, ONE georep.session.stall_cleared
// (info). Sessions no longer listed are forgotten (their vanished event says enough). A failed cycle
// (no fresh state) is simply not observed: time without fresh state counts as time without progress.
// State lives in memory: after an engine restart a session still stuck is reported again stallAfter
// after the restart.
// Thread-safety: all methods may be called from any thread (one mutex); observe() for different
// clusters may run concurrently.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "dao/reconcile_snapshot.h"
#include "engine/api/event_bus.h"
#include "sync-jobs/sync_events.h"

namespace georep::sync {

class StallDetector {
 public:
  using TimePoint = std::chrono::system_clock::time_point;

  explicit StallDetector(std::chrono::seconds stallAfter) : stallAfter_(stallAfter) {}

  // The events to raise for this cycle of `cluster` (stalled / cleared), in session order.
  std::vector<api::Event> observe(const ClusterRef& cluster, const std::vector<dao::StoredSession>& sessions,
                                  TimePoint now);

  bool isStalled(std::int64_t sessionId) const;
  std::chrono::seconds stallAfter() const { return stallAfter_; }

 private:
  // One counted worker: brick, pending counters, last synced (seconds; -1 when unknown).
  using WorkerMark = std::tuple<std::string, std::string, std::int64_t, std::int64_t, std::int64_t, std::int64_t>;
  struct Watch {
    std::int64_t clusterId = 0;
    std::vector<WorkerMark> marks;
    TimePoint lastProgress{};
    bool stalled = false;
  };

  const std::chrono::seconds stallAfter_;
  mutable std::mutex mutex_;
  std::map<std::int64_t, Watch> watches_;  // by session id
};

}  // namespace georep::sync
