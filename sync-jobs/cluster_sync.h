// ClusterSync: one reconciliation of one cluster, doing the I/O around the pure planners:
//  status: load the stored snapshot (dao::ReconcileDao, before fetching, so that rows a command writes
//    meanwhile are detected as changed and skipped), fetch ONE `volume info` and ONE geo-rep `status` for
//    all sessions from one host (gluster::ClusterGateway falls back host by host), plan (status and
//    reachability), apply the write set in one transaction when it is not empty, then raise the events of
//    what was actually written (session ids of discovered sessions filled in).
//    No host answered: only the cluster's sync row may change (georep.cluster.unreachable once); a host
//    answered with an error or output that cannot be used: nothing but the sync row's last_error changes.
//  config: read the config of the sessions a selection picks (every one, given ids, or ConfigSchedule's
//    slice), one `config` call per session, and store drift. Reads to retry next cycle are listed in the
//    report (configRetry): glusterd busy with another transaction, the session held by a command or
//    changed meanwhile, no host reachable (every session not read yet), the database failing.
// Thread-safety: runStatus/runConfig may run concurrently for DIFFERENT clusters (SyncService
// serialises runs of one cluster); the database, event bus and ClusterGateway are thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "dao/reconcile_dao.h"
#include "engine/api/database.h"
#include "engine/api/event_bus.h"
#include "engine/api/inventory.h"
#include "sync-jobs/cycle_report.h"

namespace georep::gluster {
class ClusterGateway;
}

namespace georep::sync {

class FaultInvestigator;
class HistoryRecorder;

class ClusterSync {
 public:
  ClusterSync(api::Database& database, api::EventBus& events, gluster::ClusterGateway& gateway);

  // `fence` (when given): the leader's check, run inside the cycle's write transaction, also when there
  // is nothing else to write (it records the cycle: api::Leadership::recordCycle). When it refuses, nothing
  // is written, no event raised, and the report says kCancelled (another engine leads the cluster now).
  CycleReport runStatus(const api::Cluster& cluster, const std::string& correlationId,
                        const dao::WriteFence& fence = {});

  // onlySessions: restrict to these session ids (those of other clusters are ignored); nullopt = all.
  CycleReport runConfig(const api::Cluster& cluster, const std::optional<std::set<std::int64_t>>& onlySessions,
                        const std::string& correlationId, const dao::WriteFence& fence = {});

  // Which sessions to read, in order, given the cluster's stored session ids (ascending). `fence` guards
  // the drift write (only when there is one).
  using ConfigSelection = std::function<std::vector<std::int64_t>(const std::vector<std::int64_t>& sessionIds)>;
  CycleReport runConfig(const api::Cluster& cluster, const ConfigSelection& select, const std::string& correlationId,
                        const dao::WriteFence& fence = {});
  // Steps run after a status cycle's writes, before its events are raised, when the cluster answered
  // (either may be null; they must outlive this object): why bricks are Faulty, and history.
  void setFollowUps(FaultInvestigator* faults, HistoryRecorder* history);

 private:
  void runFollowUps(const api::Cluster& cluster, std::vector<api::Event>& events);

  api::Database& database_;
  api::EventBus& events_;
  gluster::ClusterGateway& gateway_;
  FaultInvestigator* faults_ = nullptr;
  HistoryRecorder* history_ = nullptr;
};

}  // namespace georep::sync
