// The sync job's view of one cluster as stored (what ReconcileDao::load reads in a handful of bulk
// queries), and the write set it applies back (ReconcileDao::apply, one transaction). Pure values: the
// reconciler in sync-jobs/ computes a ClusterWrite from a ClusterSnapshot and what GlusterFS reported.
// Each stored session carries a row version (PostgreSQL xmin of its row and of its brick rows): apply()
// skips a session whose version changed since the snapshot (a command wrote it meanwhile), so a cycle
// never overwrites fresher state with what it fetched before.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dao/records.h"
#include "gluster/model.h"
#include "gluster/session_health.h"

namespace georep::dao {

// A stored volume with its bricks in position order.
struct StoredVolume {
  VolumeRecord volume;
  std::vector<BrickRecord> bricks;
};

// A stored session with its per-brick rows (brick identity joined in) in position order.
struct StoredSession {
  SessionRecord session;  // masterVolume (name) filled in
  std::vector<SessionBrickRecord> bricks;
  std::string version;    // opaque row version of the session row and its brick rows
};

// georep_cluster_sync; exists == false when the cluster was never reconciled.
struct ClusterSyncRecord {
  bool exists = false;
  bool reachable = true;
  std::string lastError;
};

struct ClusterSnapshot {
  std::int64_t clusterId = 0;
  std::vector<StoredVolume> volumes;    // by name
  std::vector<StoredSession> sessions;  // by id
  ClusterSyncRecord sync;
};

// A session's stored config, for drift detection.
struct StoredConfig {
  std::int64_t sessionId = 0;
  std::map<std::string, ConfigEntry> entries;  // by key
  std::string version;                         // opaque row version of the config rows
};

// ---------------------------------------------------------------- writes

// One georep_session_bricks row to insert or update, the brick named by (host, path) in the session's
// master volume.
struct SessionBrickWrite {
  std::string host;
  std::string path;
  gluster::WorkerStatus workerStatus = gluster::WorkerStatus::kUnknown;
  std::optional<std::string> secondaryNode;
  std::optional<std::string> crawlStatus;
  std::optional<std::int64_t> entryPending, dataPending, metaPending, failures;
  std::optional<TimePoint> lastSynced, checkpointTime;
  std::optional<bool> checkpointCompleted;
  std::optional<TimePoint> checkpointCompletionTime;
};

struct SessionWrite {
  enum class Kind { kInsert, kUpdate, kRemove };
  Kind kind = Kind::kUpdate;
  // kUpdate / kRemove: the stored session and the version the plan was computed from.
  std::int64_t sessionId = 0;
  std::string version;
  // kInsert: the new session (masterVolumeId is resolved from masterVolume at apply time).
  std::string masterVolume;
  NewSession insert;
  // kUpdate: session columns to change (nullopt = unchanged). kInsert uses insert.status/rawWorkerStates.
  std::optional<gluster::AggregateStatus> status;
  std::optional<std::string> rawWorkerStates;
  std::optional<int> missedListings;
  // kInsert / kUpdate: brick rows to upsert (only those that changed, for kUpdate).
  std::vector<SessionBrickWrite> bricks;
};

struct ConfigWrite {
  std::int64_t sessionId = 0;
  std::string version;                 // StoredConfig::version the plan was computed from
  std::vector<ConfigEntry> upserts;    // is_default already decided
  std::vector<std::string> removals;   // keys
};

// georep_cluster_sync row to write (insert or update).
struct ClusterSyncWrite {
  bool reachable = true;
  std::string lastError;
  bool success = false;  // sets last_success_at = now()
};

struct ClusterWrite {
  std::vector<gluster::VolumeInfo> volumeUpserts;        // through VolumeDao::upsert
  std::optional<std::vector<std::string>> listedVolumes; // set: VolumeDao::removeUnlisted with these names
  std::vector<SessionWrite> sessions;
  std::vector<ConfigWrite> configs;
  std::optional<ClusterSyncWrite> sync;

  bool empty() const {
    return volumeUpserts.empty() && !listedVolumes && sessions.empty() && configs.empty() && !sync;
  }
};

// What apply() did, so that only the events of what was written are raised.
struct ApplyResult {
  enum class Outcome { kApplied, kSkippedLocked, kSkippedStale, kSkippedConflict };
  std::vector<Outcome> sessions;                 // parallel to ClusterWrite::sessions
  std::map<std::size_t, std::int64_t> insertedIds;  // index in ClusterWrite::sessions -> new session id
  std::vector<Outcome> configs;                  // parallel to ClusterWrite::configs
  std::vector<std::string> volumesRemoved;
  bool wrote = false;                            // a transaction was committed
};

}  // namespace georep::dao
