// FaultInvestigator: why a brick's worker went Faulty. Run by the status job after a cycle's writes and
// before its events are raised (ClusterSync::runStatus), for clusters that answered:
//  - loads the cluster's Faulty session bricks and the fault rows (dao::FaultDao::candidates);
//  - a brick that recovered (Active, Passive, or stopped/paused/created by an operator) loses its row;
//    Faulty, Offline, Initializing... keep it: one Faulty episode lasts until the worker really runs again;
//  - a Faulty brick without a row (a new episode) gets ONE read of its node's gsyncd log tail
//    (`tail -c log_bytes -- <log_file>` through ClusterGateway::onNode on the brick's node, the path
//    taken from the session's stored `log_file` config and validated first: a refused path reads nothing
//    and is stored as log_unreadable), classified by sync-jobs/fault_classifier.h, stored per brick;
//    bricks of one session on one node share one read;
//  - a row whose read failed (log_unreadable) is retried at most once per `retry_cycles` cycles;
//  - at most `max_reads_per_cycle` reads per cycle (the rest wait for the next cycle);
//  - georep.brick.faulty events of the cycle get the brick's reason in their body ("reason": class, hint,
//    excerpt, logged_at, log_path, read_error).
// Sessions whose config has not been read yet (no log_file stored) wait for it (no read, no row).
// Failures never fail the cycle: they are logged and the next cycle tries again.
// Thread-safety: investigate() may run concurrently for different clusters (the retry counters are
// locked); the database and ClusterGateway are thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <tuple>
#include <vector>

#include "engine/api/database.h"
#include "engine/api/event_bus.h"
#include "engine/api/inventory.h"

namespace georep::gluster {
class ClusterGateway;
}

namespace georep::sync {

struct FaultOptions {
  int retryCycles = 6;                 // a failed read is retried once per this many cycles
  std::size_t logBytes = 64 * 1024;    // bytes of the log's end read per episode
  std::size_t maxReadsPerCycle = 8;    // log reads per cluster and cycle
  std::chrono::milliseconds readTimeout{15000};
};

// What one investigation did (for tests and the cycle log).
struct FaultReport {
  std::size_t reads = 0;     // log reads attempted
  std::size_t recorded = 0;  // fault rows written
  std::size_t cleared = 0;   // fault rows removed (recovered)
  std::size_t deferred = 0;  // Faulty bricks left for a later cycle (read cap, retry wait, no config yet)
};

class FaultInvestigator {
 public:
  FaultInvestigator(api::Database& database, gluster::ClusterGateway& gateway, FaultOptions options);

  // events: the cycle's events, about to be raised; georep.brick.faulty ones get their reason.
  FaultReport investigate(const api::Cluster& cluster, std::vector<api::Event>& events);

 private:
  api::Database& database_;
  gluster::ClusterGateway& gateway_;
  FaultOptions options_;
  std::mutex mutex_;
  std::map<std::tuple<std::int64_t, std::int64_t>, int> cyclesSinceFailedRead_;  // (session, brick)
};

}  // namespace georep::sync
