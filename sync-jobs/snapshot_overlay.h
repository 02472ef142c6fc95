// overlayWrites(): the state a cluster is in after a status cycle, without reading it back: the snapshot
// the cycle loaded, with the session writes that apply() really applied laid over it (inserted sessions
// added with the id they got, removed ones dropped, updated statuses and brick rows replaced). Sessions
// whose write was skipped (a command held or changed them) keep their snapshot values. The metrics and
// the stall detector read this, so they cost no query.
// Thread-safety: pure function.
#pragma once

#include "dao/reconcile_snapshot.h"

namespace georep::sync {

dao::ClusterSnapshot overlayWrites(dao::ClusterSnapshot snapshot, const dao::ClusterWrite& write,
                                   const dao::ApplyResult& applied);

}  // namespace georep::sync
