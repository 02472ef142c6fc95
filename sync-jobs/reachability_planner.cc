// Cluster reachability transitions (sync-jobs/reachability_planner.h).
#include "sync-jobs/reachability_planner.h"

namespace georep::sync {

ReachabilityPlan planReachability(const ClusterRef& cluster, const dao::ClusterSyncRecord& stored,
                                  FetchOutcome outcome, const std::string& error) {
  ReachabilityPlan plan;
  const bool wasUnreachable = stored.exists && !stored.reachable;
  switch (outcome) {
    case FetchOutcome::kAnswered:
      if (!stored.exists || wasUnreachable || !stored.lastError.empty()) {
        plan.write = dao::ClusterSyncWrite{true, "", true};
      }
      if (wasUnreachable) plan.event = clusterReachableEvent(cluster);
      break;
    case FetchOutcome::kUnreachable:
      if (!wasUnreachable) {
        plan.write = dao::ClusterSyncWrite{false, error, false};
        plan.event = clusterUnreachableEvent(cluster, error);
      }
      break;
    case FetchOutcome::kFailed:
      if (!stored.exists || wasUnreachable || stored.lastError != error) {
        plan.write = dao::ClusterSyncWrite{true, error, false};
      }
      if (wasUnreachable) plan.event = clusterReachableEvent(cluster);
      break;
  }
  return plan;
}

}  // namespace georep::sync
