// ConfigSchedule: which sessions' config the sync job reads in one cycle, so that config truth costs a
// bounded number of gluster calls per cycle whatever the number of sessions:
//  - due sessions first: discovered ones, those a config command touched, and reads to retry (glusterd
//    busy with another transaction, the session held by a command, the cluster unreachable): they are
//    read in the next config run of their cluster (the one right after the status run that found them);
//  - then the drift sweep goes on where it stopped, in session id order, a slice per cycle. A sweep of
//    every session starts at most once per `sweepInterval` (a small cluster is not re-read every cycle);
//    a session's turn comes once per sweep.
// At most `readsPerCycle` sessions per cluster and cycle in all.
// Thread-safety: all methods may be called concurrently (clusters run in parallel).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <vector>

namespace georep::sync {

class ConfigSchedule {
 public:
  using Clock = std::chrono::steady_clock;

  ConfigSchedule(std::size_t readsPerCycle, std::chrono::milliseconds sweepInterval);

  // To be read in the next config run of its cluster.
  void markDue(std::int64_t sessionId);
  void markDue(const std::vector<std::int64_t>& sessionIds);

  // The sessions to read now among `sessionIds` (a cluster's stored sessions, ascending): due ones, then
  // the sweep's next slice; at most readsPerCycle. A due id never picked (its session deleted) costs a few
  // bytes and no call.
  std::vector<std::int64_t> pick(std::int64_t clusterId, const std::vector<std::int64_t>& sessionIds,
                                 Clock::time_point now);

  std::size_t readsPerCycle() const { return readsPerCycle_; }

 private:
  struct Sweep {
    std::int64_t after = 0;  // the last session id of the sweep read so far
    bool running = false;
    std::optional<Clock::time_point> startedAt;
  };

  const std::size_t readsPerCycle_;
  const std::chrono::milliseconds sweepInterval_;
  std::mutex mutex_;
  std::set<std::int64_t> due_;
  std::map<std::int64_t, Sweep> sweeps_;  // by cluster id
};

}  // namespace georep::sync
