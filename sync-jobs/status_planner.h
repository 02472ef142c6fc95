// The status reconciler as pure logic: from one cluster's stored snapshot and what GlusterFS reported
// (one `volume info`, one geo-rep `status` for all sessions), the write set that makes the database match
// and the events each write raises, per DESIGN.md's reconciliation rules:
//  - volumes new or changed in `volume info` are upserted; stored volumes no longer listed are removed
//    when no session uses them any more;
//  - listed sessions not stored are inserted with their bricks (georep.session.discovered);
//  - stored sessions: aggregate status and per-brick rows are compared and only what differs is written
//    (georep.session.status_changed, georep.brick.faulty / recovered, georep.checkpoint.completed);
//  - a stored session missing from a COMPLETE listing has missed_listings incremented and is removed at
//    the second consecutive miss (georep.session.vanished); an incomplete listing (opErrstr set, or a
//    session on a volume `volume info` does not list) counts no miss. An empty report is a complete
//    listing (the gateway throws for a failed one), so the last session deleted outside is removed too;
//  - but a stored session none of whose master bricks' nodes is heard from (no pair of the listing names
//    the node, and it is not the host that answered) is not missing, it is unknown: its nodes are down.
//    It is written UNKNOWN with every brick Offline, no miss is counted, and it is never removed for it.
// Nothing here does I/O; an unchanged cluster yields an empty write set.
// Thread-safety: pure function.
#pragma once

#include <string>
#include <vector>

#include "dao/reconcile_snapshot.h"
#include "engine/api/event_bus.h"
#include "gluster/model.h"
#include "sync-jobs/sync_events.h"

namespace georep::sync {

// What one cycle fetched from a cluster.
struct FetchedStatus {
  std::vector<gluster::VolumeInfo> volumes;
  gluster::StatusReport report;
  std::string answeredBy;  // inventory address of the host that answered (a node known to be up)
};

struct StatusPlan {
  dao::ClusterWrite write;                      // volumes and sessions (the sync row is planned elsewhere)
  std::vector<std::vector<api::Event>> events;  // parallel to write.sessions
  bool listingComplete = true;
  std::string incompleteReason;                 // why misses were not counted, when !listingComplete
  std::size_t sessionsListed = 0;               // sessions in the report
  std::size_t sessionsUnmapped = 0;             // listed on a volume `volume info` did not list (skipped)
};

StatusPlan planStatus(const ClusterRef& cluster, const dao::ClusterSnapshot& stored, const FetchedStatus& fetched);

// A stored session is removed once it has been missing from this many complete listings in a row.
inline constexpr int kMissesBeforeRemoval = 2;

}  // namespace georep::sync
