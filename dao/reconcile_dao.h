// ReconcileDao: the sync job's bulk access to one cluster's stored state. load() reads volumes, bricks,
// sessions and their per-brick rows in four set queries (no per-session round trips); apply() writes a
// computed ClusterWrite in ONE transaction: it try-locks every session it touches (the commands'
// advisory key, dao/lock_keys.h) and skips those a command holds or that changed since the snapshot
// (row versions), then removes, updates and inserts sessions, upserts brick rows and config rows with
// set statements (jsonb_to_recordset), upserts changed volumes through VolumeDao, and records the
// cluster's sync state. Nothing is written when the write set is empty; on any error the transaction
// rolls back and nothing is written at all.
// Thread-safety: stateless; each call runs on the caller's soci::session (one thread).
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <vector>

#include "dao/reconcile_snapshot.h"

namespace soci {
class session;
}

namespace georep::dao {

// Called first inside apply()'s transaction (api::Leadership::recordCycle / checkEpoch): false means this
// engine no longer leads the cluster, and apply() throws FencedOut with nothing written.
using WriteFence = std::function<bool(soci::session&)>;

class FencedOut : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ReconcileDao {
 public:
  ClusterSnapshot load(soci::session& sql, std::int64_t clusterId) const;

  // The stored config of every session of the cluster (sessions without config rows included, empty).
  std::vector<StoredConfig> loadConfigs(soci::session& sql, std::int64_t clusterId) const;

  // Applies `write` in one transaction opened here (do not call inside another transaction), after
  // `fence` (when given) passed in that transaction.
  ApplyResult apply(soci::session& sql, std::int64_t clusterId, const ClusterWrite& write,
                    const WriteFence& fence = {}) const;
};

}  // namespace georep::dao
