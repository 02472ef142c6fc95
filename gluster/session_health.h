// Session health: maps one session's status pairs onto the primary volume's bricks (from volume info),
// fills bricks missing from status as Offline, and computes the session's aggregate status by replica set
// with DESIGN.md's rules (first that applies): no worker reports (all Offline) -> UNKNOWN; every worker
// that reports (Offline bricks left out: their node did not answer) in one lifecycle state (Created,
// Paused, Stopped) -> that state, the Offline bricks still listed per brick; every set has an Active worker -> ACTIVE; every set lacking an Active worker
// holds only Passive/Initializing -> INITIALIZING; no set Active and some Faulty/Offline -> FAULTY; some
// sets Active and some without (Faulty/Offline) -> PARTIAL_FAULTY; else UNKNOWN (raw states kept).
// Used by the sync job and by commands reading state back after an action. Pure logic.
// Thread-safety: free functions on values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gluster/model.h"

namespace georep::gluster {

enum class AggregateStatus { kCreated, kPaused, kStopped, kActive, kInitializing, kFaulty, kPartialFaulty, kUnknown };

// "CREATED", "PAUSED", "STOPPED", "ACTIVE", "INITIALIZING", "FAULTY", "PARTIAL_FAULTY", "UNKNOWN"
std::string_view aggregateStatusName(AggregateStatus s);
AggregateStatus parseAggregateStatus(std::string_view name);  // inverse; unknown text -> kUnknown

// One primary brick's worker in a session.
struct BrickWorker {
  int position = 0;    // index in volume info's brick list
  int replicaSet = 0;  // position / replicaSetWidth
  Brick brick;
  BrickStatus status;  // status.status == kOffline (other fields empty) when missing from status
};

struct SessionHealth {
  AggregateStatus status = AggregateStatus::kUnknown;
  std::vector<BrickWorker> workers;  // one per brick of the primary volume, in volume order
  std::string rawWorkerStates;       // e.g. "0:Active,1:Faulty"; set when status is kUnknown
};

// Pairs are matched to bricks by (primary node uuid, brick path), falling back to (node name, path).
// Pairs matching no brick of the volume are ignored.
SessionHealth assessSession(const VolumeInfo& primaryVolume, const SessionStatus& session);

}  // namespace georep::gluster
