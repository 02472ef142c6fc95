// VolumeDao: the Gluster volumes and bricks of a cluster as `volume info` reported them
// (georep_volumes, georep_bricks). upsert() keeps brick ids stable across refreshes (bricks are
// identified by host and path), so per-brick session details survive a refresh; bricks no longer listed
// are removed together with their session details (ON DELETE CASCADE).
// Every method runs on the caller's soci::session and opens no transaction of its own: the caller
// composes several DAO calls in one soci::transaction. upsert() and removeUnlisted() take a
// transaction-scoped advisory lock per (cluster, volume), so concurrent refreshes of the same volume
// serialize instead of colliding; call them inside a transaction.
// Thread-safety: stateless; safe to share between threads (each thread uses its own session).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dao/records.h"
#include "gluster/model.h"

namespace soci {
class session;
}

namespace georep::dao {

class VolumeDao {
 public:
  // Inserts or updates the volume (by cluster and name) and its bricks; returns the volume id.
  // replica_set = position / replicaSetWidth(). Throws soci::soci_error on database errors and
  // std::invalid_argument on a volume without a name or id.
  std::int64_t upsert(soci::session& sql, std::int64_t clusterId, const gluster::VolumeInfo& volume) const;

  // Removes the cluster's volumes whose name is not in `listed` and that no session uses (a volume with
  // sessions is kept: the sync job removes vanished sessions first). Returns the names removed.
  std::vector<std::string> removeUnlisted(soci::session& sql, std::int64_t clusterId,
                                          const std::vector<std::string>& listed) const;

  std::optional<VolumeRecord> findByName(soci::session& sql, std::int64_t clusterId, const std::string& name) const;
  std::optional<VolumeRecord> findById(soci::session& sql, std::int64_t volumeId) const;
  std::vector<VolumeRecord> listByCluster(soci::session& sql, std::int64_t clusterId) const;
  // Bricks in volume order (position).
  std::vector<BrickRecord> bricks(soci::session& sql, std::int64_t volumeId) const;

  // The stored volume as the gluster model (for gluster::assessSession on stored data).
  static gluster::VolumeInfo toVolumeInfo(const VolumeRecord& volume, const std::vector<BrickRecord>& bricks);
};

}  // namespace georep::dao
