// SOCI type_conversion mappings between the DAO records (dao/records.h) and rows of the plugin's tables.
// Internal to dao/*.cc (it pulls in soci.h): never include it from a public header.
// Column conventions the SELECTs of dao/ follow so the mappings can read them:
//   - ids and counters as bigint (long long), small integers as int, booleans as int (SOCI maps
//     PostgreSQL boolean to an integer);
//   - times as `extract(epoch FROM col)::bigint` (UTC seconds), written with `to_timestamp(:col)`;
//   - uuids as `col::text`.
// Thread-safety: stateless conversions.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <soci/soci.h>

#include "dao/records.h"
#include "dao/status_names.h"

namespace georep::dao::detail {

inline std::optional<std::string> optString(const soci::values& v, const std::string& name) {
  if (v.get_indicator(name) == soci::i_null) return std::nullopt;
  return v.get<std::string>(name);
}
inline std::optional<std::int64_t> optInt64(const soci::values& v, const std::string& name) {
  if (v.get_indicator(name) == soci::i_null) return std::nullopt;
  return static_cast<std::int64_t>(v.get<long long>(name));
}
inline std::optional<bool> optBool(const soci::values& v, const std::string& name) {
  if (v.get_indicator(name) == soci::i_null) return std::nullopt;
  return v.get<int>(name) != 0;
}
inline TimePoint toTime(long long epochSeconds) { return TimePoint{std::chrono::seconds{epochSeconds}}; }
inline std::optional<TimePoint> optTime(const soci::values& v, const std::string& name) {
  if (v.get_indicator(name) == soci::i_null) return std::nullopt;
  return toTime(v.get<long long>(name));
}
inline TimePoint time(const soci::values& v, const std::string& name) { return toTime(v.get<long long>(name)); }
inline long long epoch(TimePoint t) { return static_cast<long long>(t.time_since_epoch().count()); }

inline void setOpt(soci::values& v, const std::string& name, const std::optional<std::string>& value) {
  if (value) v.set(name, *value);
  else v.set(name, std::string(), soci::i_null);
}
inline void setOpt(soci::values& v, const std::string& name, const std::optional<std::int64_t>& value) {
  if (value) v.set(name, static_cast<long long>(*value));
  else v.set(name, 0LL, soci::i_null);
}
inline void setOpt(soci::values& v, const std::string& name, const std::optional<bool>& value) {
  if (value) v.set(name, *value ? 1 : 0);
  else v.set(name, 0, soci::i_null);
}
inline void setOpt(soci::values& v, const std::string& name, const std::optional<TimePoint>& value) {
  if (value) v.set(name, epoch(*value));
  else v.set(name, 0LL, soci::i_null);
}

}  // namespace georep::dao::detail

namespace soci {

// SELECT id, cluster_id, name, volume_uuid::text AS volume_uuid, volume_type, status, brick_count, dist_count,
//        replica_count, arbiter_count, disperse_count, extract(epoch FROM updated_at)::bigint AS updated_at
template <>
struct type_conversion<georep::dao::VolumeRecord> {
  typedef values base_type;
  static void from_base(const values& v, indicator, georep::dao::VolumeRecord& r) {
    namespace d = georep::dao::detail;
    r.id = v.get<long long>("id");
    r.clusterId = v.get<long long>("cluster_id");
    r.name = v.get<std::string>("name");
    r.uuid = v.get<std::string>("volume_uuid");
    r.type = v.get<std::string>("volume_type");
    r.state = georep::dao::volumeStateFromDb(v.get<std::string>("status"));
    r.brickCount = v.get<int>("brick_count");
    r.distCount = v.get<int>("dist_count");
    r.replicaCount = v.get<int>("replica_count");
    r.arbiterCount = v.get<int>("arbiter_count");
    r.disperseCount = v.get<int>("disperse_count");
    r.updatedAt = d::time(v, "updated_at");
  }
  static void to_base(const georep::dao::VolumeRecord& r, values& v, indicator& ind) {
    v.set("id", static_cast<long long>(r.id));
    v.set("cluster_id", static_cast<long long>(r.clusterId));
    v.set("name", r.name);
    v.set("volume_uuid", r.uuid);
    v.set("volume_type", r.type);
    v.set("status", std::string(georep::gluster::volumeStateName(r.state)));
    v.set("brick_count", r.brickCount);
    v.set("dist_count", r.distCount);
    v.set("replica_count", r.replicaCount);
    v.set("arbiter_count", r.arbiterCount);
    v.set("disperse_count", r.disperseCount);
    ind = i_ok;
  }
};

// SELECT id, volume_id, position, replica_set, host, host_uuid::text AS host_uuid, path, is_arbiter::int AS is_arbiter
template <>
struct type_conversion<georep::dao::BrickRecord> {
  typedef values base_type;
  static void from_base(const values& v, indicator, georep::dao::BrickRecord& r) {
    r.id = v.get<long long>("id");
    r.volumeId = v.get<long long>("volume_id");
    r.position = v.get<int>("position");
    r.replicaSet = v.get<int>("replica_set");
    r.host = v.get<std::string>("host");
    r.hostUuid = v.get<std::string>("host_uuid");
    r.path = v.get<std::string>("path");
    r.isArbiter = v.get<int>("is_arbiter") != 0;
  }
  static void to_base(const georep::dao::BrickRecord& r, values& v, indicator& ind) {
    v.set("id", static_cast<long long>(r.id));
    v.set("volume_id", static_cast<long long>(r.volumeId));
    v.set("position", r.position);
    v.set("replica_set", r.replicaSet);
    v.set("host", r.host);
    v.set("host_uuid", r.hostUuid);
    v.set("path", r.path);
    v.set("is_arbiter", r.isArbiter ? 1 : 0);
    ind = i_ok;
  }
};

// SELECT s.id, s.cluster_id, s.master_volume_id, v.name AS master_volume, s.session_key, s.secondary_host,
//        s.secondary_user, s.secondary_volume, s.secondary_volume_uuid::text AS secondary_volume_uuid,
//        s.status, s.raw_worker_states, s.missed_listings, created_at/updated_at as epochs
template <>
struct type_conversion<georep::dao::SessionRecord> {
  typedef values base_type;
  static void from_base(const values& v, indicator, georep::dao::SessionRecord& r) {
    namespace d = georep::dao::detail;
    r.id = v.get<long long>("id");
    r.clusterId = v.get<long long>("cluster_id");
    r.masterVolumeId = v.get<long long>("master_volume_id");
    r.masterVolume = v.get<std::string>("master_volume");
    r.sessionKey = v.get<std::string>("session_key");
    r.secondaryHost = v.get<std::string>("secondary_host");
    r.secondaryUser = v.get<std::string>("secondary_user");
    r.secondaryVolume = v.get<std::string>("secondary_volume");
    r.secondaryVolumeUuid = d::optString(v, "secondary_volume_uuid");
    r.status = georep::dao::aggregateStatusFromDb(v.get<std::string>("status"));
    r.rawWorkerStates = v.get<std::string>("raw_worker_states");
    r.missedListings = v.get<int>("missed_listings");
    r.createdAt = d::time(v, "created_at");
    r.updatedAt = d::time(v, "updated_at");
  }
};

// INSERT: cluster_id, master_volume_id, session_key, secondary_host, secondary_user, secondary_volume,
//         secondary_volume_uuid, status, raw_worker_states
template <>
struct type_conversion<georep::dao::NewSession> {
  typedef values base_type;
  static void to_base(const georep::dao::NewSession& r, values& v, indicator& ind) {
    namespace d = georep::dao::detail;
    v.set("cluster_id", static_cast<long long>(r.clusterId));
    v.set("master_volume_id", static_cast<long long>(r.masterVolumeId));
    v.set("session_key", r.sessionKey);
    v.set("secondary_host", r.secondaryHost);
    v.set("secondary_user", r.secondaryUser);
    v.set("secondary_volume", r.secondaryVolume);
    d::setOpt(v, "secondary_volume_uuid", r.secondaryVolumeUuid);
    v.set("status", std::string(georep::gluster::aggregateStatusName(r.status)));
    v.set("raw_worker_states", r.rawWorkerStates);
    ind = i_ok;
  }
  static void from_base(const values&, indicator, georep::dao::NewSession&) {}
};

// SELECT sb.session_id, sb.brick_id, b.position, b.replica_set, b.host, b.path, sb.worker_status,
//        sb.secondary_node, sb.crawl_status, sb.entry_pending, sb.data_pending, sb.meta_pending, sb.failures,
//        epochs of last_synced, checkpoint_time, checkpoint_completion_time, updated_at,
//        sb.checkpoint_completed::int
template <>
struct type_conversion<georep::dao::SessionBrickRecord> {
  typedef values base_type;
  static void from_base(const values& v, indicator, georep::dao::SessionBrickRecord& r) {
    namespace d = georep::dao::detail;
    r.sessionId = v.get<long long>("session_id");
    r.brickId = v.get<long long>("brick_id");
    r.position = v.get<int>("position");
    r.replicaSet = v.get<int>("replica_set");
    r.host = v.get<std::string>("host");
    r.path = v.get<std::string>("path");
    r.workerStatus = georep::dao::workerStatusFromDb(v.get<std::string>("worker_status"));
    r.secondaryNode = d::optString(v, "secondary_node");
    r.crawlStatus = d::optString(v, "crawl_status");
    r.entryPending = d::optInt64(v, "entry_pending");
    r.dataPending = d::optInt64(v, "data_pending");
    r.metaPending = d::optInt64(v, "meta_pending");
    r.failures = d::optInt64(v, "failures");
    r.lastSynced = d::optTime(v, "last_synced");
    r.checkpointTime = d::optTime(v, "checkpoint_time");
    r.checkpointCompleted = d::optBool(v, "checkpoint_completed");
    r.checkpointCompletionTime = d::optTime(v, "checkpoint_completion_time");
    r.updatedAt = d::time(v, "updated_at");
  }
  // Binds the worker columns (brick identity columns are not written: brick_id links them).
  static void to_base(const georep::dao::SessionBrickRecord& r, values& v, indicator& ind) {
    namespace d = georep::dao::detail;
    v.set("session_id", static_cast<long long>(r.sessionId));
    v.set("brick_id", static_cast<long long>(r.brickId));
    v.set("worker_status", std::string(georep::gluster::workerStatusName(r.workerStatus)));
    d::setOpt(v, "secondary_node", r.secondaryNode);
    d::setOpt(v, "crawl_status", r.crawlStatus);
    d::setOpt(v, "entry_pending", r.entryPending);
    d::setOpt(v, "data_pending", r.dataPending);
    d::setOpt(v, "meta_pending", r.metaPending);
    d::setOpt(v, "failures", r.failures);
    d::setOpt(v, "last_synced", r.lastSynced);
    d::setOpt(v, "checkpoint_time", r.checkpointTime);
    d::setOpt(v, "checkpoint_completed", r.checkpointCompleted);
    d::setOpt(v, "checkpoint_completion_time", r.checkpointCompletionTime);
    ind = i_ok;
  }
};

// SELECT key, value, is_default::int AS is_default
template <>
struct type_conversion<georep::dao::ConfigEntry> {
  typedef values base_type;
  static void from_base(const values& v, indicator, georep::dao::ConfigEntry& r) {
    r.key = v.get<std::string>("key");
    r.value = v.get<std::string>("value");
    r.isDefault = v.get<int>("is_default") != 0;
  }
  static void to_base(const georep::dao::ConfigEntry& r, values& v, indicator& ind) {
    v.set("key", r.key);
    v.set("value", r.value);
    v.set("is_default", r.isDefault ? 1 : 0);
    ind = i_ok;
  }
};

}  // namespace soci
