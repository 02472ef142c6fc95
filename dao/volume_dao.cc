#include "dao/volume_dao.h"

#include <map>
#include <stdexcept>
#include <utility>

#include <soci/soci.h>

#include "dao/lock_keys.h"
#include "dao/soci_conversions.h"

namespace georep::dao {
namespace {

constexpr const char* kVolumeColumns =
    "id, cluster_id, name, volume_uuid::text AS volume_uuid, volume_type, status, brick_count, dist_count, "
    "replica_count, arbiter_count, disperse_count, extract(epoch FROM updated_at)::bigint AS updated_at";
constexpr const char* kBrickColumns =
    "id, volume_id, position, replica_set, host, host_uuid::text AS host_uuid, path, is_arbiter::int AS is_arbiter";

// Positions are moved out of the way by this much before being rewritten, so that a reordering of bricks
// never collides on UNIQUE (volume_id, position) midway.
constexpr int kPositionShift = 1000000;

void lockVolume(soci::session& sql, std::int64_t clusterId, const std::string& name) {
  const std::string key = std::to_string(clusterId) + "/" + name;
  int cls = kVolumeLockClass;
  sql << "SELECT pg_advisory_xact_lock(:cls, hashtext(:key))", soci::use(cls, "cls"), soci::use(key, "key");
}

}  // namespace

std::int64_t VolumeDao::upsert(soci::session& sql, std::int64_t clusterId, const gluster::VolumeInfo& volume) const {
  if (volume.name.empty()) throw std::invalid_argument("volume without a name");
  if (volume.id.empty()) throw std::invalid_argument("volume " + volume.name + " without an id");
  lockVolume(sql, clusterId, volume.name);

  VolumeRecord rec;
  rec.clusterId = clusterId;
  rec.name = volume.name;
  rec.uuid = volume.id;
  rec.type = volume.typeName;
  rec.state = volume.state;
  rec.brickCount = volume.brickCount;
  rec.distCount = volume.distCount;
  rec.replicaCount = volume.replicaCount > 0 ? volume.replicaCount : 1;
  rec.arbiterCount = volume.arbiterCount;
  rec.disperseCount = volume.disperseCount;

  long long volumeId = 0;
  sql << "INSERT INTO georep_volumes (cluster_id, name, volume_uuid, volume_type, status, brick_count, dist_count, "
         "replica_count, arbiter_count, disperse_count, updated_at) "
         "VALUES (:cluster_id, :name, CAST(:volume_uuid AS uuid), :volume_type, :status, :brick_count, :dist_count, "
         ":replica_count, :arbiter_count, :disperse_count, now()) "
         "ON CONFLICT (cluster_id, name) DO UPDATE SET volume_uuid = EXCLUDED.volume_uuid, "
         "volume_type = EXCLUDED.volume_type, status = EXCLUDED.status, brick_count = EXCLUDED.brick_count, "
         "dist_count = EXCLUDED.dist_count, replica_count = EXCLUDED.replica_count, "
         "arbiter_count = EXCLUDED.arbiter_count, disperse_count = EXCLUDED.disperse_count, updated_at = now() "
         "RETURNING id",
      soci::use(std::as_const(rec)), soci::into(volumeId);

  // Existing bricks by (host, path).
  std::map<std::pair<std::string, std::string>, BrickRecord> existing;
  for (auto& b : bricks(sql, volumeId)) existing.emplace(std::make_pair(b.host, b.path), b);

  std::map<std::pair<std::string, std::string>, int> wanted;  // -> position
  for (std::size_t i = 0; i < volume.bricks.size(); ++i) {
    const auto& b = volume.bricks[i];
    if (!wanted.emplace(std::make_pair(b.host, b.path), static_cast<int>(i)).second) {
      throw std::invalid_argument("volume " + volume.name + " lists brick " + b.host + ":" + b.path + " twice");
    }
  }

  bool reordered = false;
  for (const auto& [id, rec2] : existing) {
    auto it = wanted.find(id);
    if (it == wanted.end()) {
      long long brickId = rec2.id;
      sql << "DELETE FROM georep_bricks WHERE id = :id", soci::use(brickId, "id");
    } else if (it->second != rec2.position) {
      reordered = true;
    }
  }
  if (reordered) {
    int shift = kPositionShift;
    long long vid = volumeId;
    sql << "UPDATE georep_bricks SET position = position + :shift WHERE volume_id = :vid", soci::use(shift, "shift"),
        soci::use(vid, "vid");
  }

  const int width = volume.replicaSetWidth();
  for (std::size_t i = 0; i < volume.bricks.size(); ++i) {
    const auto& b = volume.bricks[i];
    BrickRecord br;
    br.volumeId = volumeId;
    br.position = static_cast<int>(i);
    br.replicaSet = static_cast<int>(i) / width;
    br.host = b.host;
    br.hostUuid = b.hostUuid;
    br.path = b.path;
    br.isArbiter = b.isArbiter;
    auto it = existing.find({b.host, b.path});
    if (it != existing.end()) {
      br.id = it->second.id;
      sql << "UPDATE georep_bricks SET position = :position, replica_set = :replica_set, "
             "host_uuid = CAST(:host_uuid AS uuid), is_arbiter = CAST(:is_arbiter AS boolean) WHERE id = :id",
          soci::use(std::as_const(br));
    } else {
      sql << "INSERT INTO georep_bricks (volume_id, position, replica_set, host, host_uuid, path, is_arbiter) "
             "VALUES (:volume_id, :position, :replica_set, :host, CAST(:host_uuid AS uuid), :path, "
             "CAST(:is_arbiter AS boolean))",
          soci::use(std::as_const(br));
    }
  }
  return volumeId;
}

std::vector<std::string> VolumeDao::removeUnlisted(soci::session& sql, std::int64_t clusterId,
                                                   const std::vector<std::string>& listed) const {
  std::vector<std::string> removed;
  for (const auto& v : listByCluster(sql, clusterId)) {
    bool present = false;
    for (const auto& name : listed) present = present || name == v.name;
    if (present) continue;
    lockVolume(sql, clusterId, v.name);
    long long id = v.id;
    long long sessions = 0;
    sql << "SELECT count(*) FROM georep_sessions WHERE master_volume_id = :id", soci::use(id, "id"),
        soci::into(sessions);
    if (sessions > 0) continue;
    sql << "DELETE FROM georep_volumes WHERE id = :id", soci::use(id, "id");
    removed.push_back(v.name);
  }
  return removed;
}

std::optional<VolumeRecord> VolumeDao::findByName(soci::session& sql, std::int64_t clusterId,
                                                  const std::string& name) const {
  VolumeRecord rec;
  soci::indicator ind = soci::i_null;
  long long cid = clusterId;
  sql << "SELECT " << kVolumeColumns << " FROM georep_volumes WHERE cluster_id = :cid AND name = :name",
      soci::use(cid, "cid"), soci::use(name, "name"), soci::into(rec, ind);
  if (!sql.got_data()) return std::nullopt;
  return rec;
}

std::optional<VolumeRecord> VolumeDao::findById(soci::session& sql, std::int64_t volumeId) const {
  VolumeRecord rec;
  soci::indicator ind = soci::i_null;
  long long id = volumeId;
  sql << "SELECT " << kVolumeColumns << " FROM georep_volumes WHERE id = :id", soci::use(id, "id"),
      soci::into(rec, ind);
  if (!sql.got_data()) return std::nullopt;
  return rec;
}

std::vector<VolumeRecord> VolumeDao::listByCluster(soci::session& sql, std::int64_t clusterId) const {
  long long cid = clusterId;
  soci::rowset<VolumeRecord> rows = (sql.prepare << "SELECT " << kVolumeColumns
                                                 << " FROM georep_volumes WHERE cluster_id = :cid ORDER BY name",
                                     soci::use(cid, "cid"));
  return {rows.begin(), rows.end()};
}

std::vector<BrickRecord> VolumeDao::bricks(soci::session& sql, std::int64_t volumeId) const {
  long long vid = volumeId;
  soci::rowset<BrickRecord> rows = (sql.prepare << "SELECT " << kBrickColumns
                                                << " FROM georep_bricks WHERE volume_id = :vid ORDER BY position",
                                    soci::use(vid, "vid"));
  return {rows.begin(), rows.end()};
}

gluster::VolumeInfo VolumeDao::toVolumeInfo(const VolumeRecord& volume, const std::vector<BrickRecord>& bricks) {
  gluster::VolumeInfo info;
  info.name = volume.name;
  info.id = volume.uuid;
  info.state = volume.state;
  info.typeName = volume.type;
  info.brickCount = volume.brickCount;
  info.distCount = volume.distCount;
  info.replicaCount = volume.replicaCount;
  info.arbiterCount = volume.arbiterCount;
  info.disperseCount = volume.disperseCount;
  for (const auto& b : bricks) info.bricks.push_back(gluster::Brick{b.host, b.path, b.hostUuid, b.isArbiter});
  return info;
}

}  // namespace georep::dao
