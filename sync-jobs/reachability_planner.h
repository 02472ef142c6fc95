// Cluster reachability as pure logic: from the stored georep_cluster_sync row and how this cycle's fetch
// ended, the row to write (only when something changed) and the event to raise (once per transition):
//  - answered: reachable again after being unreachable -> georep.cluster.reachable; a stored error is
//    cleared; first cycle ever -> the row is created, no event;
//  - unreachable (no host answered): reachable or never seen -> georep.cluster.unreachable;
//    already unreachable -> nothing (the first error is kept);
//  - failed (a host answered, but with an error or output that could not be used): the cluster counts as
//    reachable; the error is recorded when it differs from the stored one.
// Thread-safety: pure function.
#pragma once

#include <optional>
#include <string>

#include "dao/reconcile_snapshot.h"
#include "engine/api/event_bus.h"
#include "sync-jobs/sync_events.h"

namespace georep::sync {

enum class FetchOutcome { kAnswered, kUnreachable, kFailed };

struct ReachabilityPlan {
  std::optional<dao::ClusterSyncWrite> write;
  std::optional<api::Event> event;
};

ReachabilityPlan planReachability(const ClusterRef& cluster, const dao::ClusterSyncRecord& stored,
                                  FetchOutcome outcome, const std::string& error);

}  // namespace georep::sync
