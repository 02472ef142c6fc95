// JSON conversions of the gluster model (gluster/model_json.h).
#include "gluster/model_json.h"

#include <chrono>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace georep::gluster {

namespace {

template <typename T>
nlohmann::json orNull(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json timeOrNull(const std::optional<TimePoint>& t) {
  return t ? nlohmann::json(formatIsoUtc(*t)) : nlohmann::json(nullptr);
}

}  // namespace

std::string formatIsoUtc(TimePoint t) {
  const auto days = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{days};
  const std::chrono::hh_mm_ss hms{t - days};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

void to_json(nlohmann::json& j, const SessionKey& v) {
  j = nlohmann::json{{"raw", v.raw},
                     {"creator_uuid", v.creatorUuid},
                     {"secondary_user", v.secondaryUser},
                     {"secondary_host", v.secondaryHost},
                     {"secondary_volume", v.secondaryVolume},
                     {"secondary_volume_uuid", v.secondaryVolumeUuid}};
}

void to_json(nlohmann::json& j, const BrickStatus& v) {
  j = nlohmann::json{{"primary_node", v.primaryNode},
                     {"primary_brick", v.primaryBrick},
                     {"primary_node_uuid", v.primaryNodeUuid},
                     {"secondary_user", v.secondaryUser},
                     {"secondary", v.secondary},
                     {"secondary_node", orNull(v.secondaryNode)},
                     {"status", workerStatusName(v.status)},
                     {"raw_status", v.rawStatus},
                     {"crawl_status", orNull(v.crawlStatus)},
                     {"entry", orNull(v.entry)},
                     {"data", orNull(v.data)},
                     {"meta", orNull(v.meta)},
                     {"failures", orNull(v.failures)},
                     {"checkpoint_completed", orNull(v.checkpointCompleted)},
                     {"last_synced", timeOrNull(v.lastSynced)},
                     {"checkpoint_time", timeOrNull(v.checkpointTime)},
                     {"checkpoint_completion_time", timeOrNull(v.checkpointCompletionTime)}};
}

void to_json(nlohmann::json& j, const SessionStatus& v) {
  j = nlohmann::json{{"primary_volume", v.primaryVolume}, {"key", v.key}, {"bricks", v.bricks}};
}

void to_json(nlohmann::json& j, const StatusReport& v) {
  j = nlohmann::json{{"sessions", v.sessions}, {"op_errstr", v.opErrstr}};
}

void to_json(nlohmann::json& j, const Brick& v) {
  j = nlohmann::json{{"host", v.host}, {"path", v.path}, {"host_uuid", v.hostUuid}, {"is_arbiter", v.isArbiter}};
}

void to_json(nlohmann::json& j, const VolumeInfo& v) {
  j = nlohmann::json{{"name", v.name},
                     {"id", v.id},
                     {"state", volumeStateName(v.state)},
                     {"type", v.typeName},
                     {"brick_count", v.brickCount},
                     {"dist_count", v.distCount},
                     {"replica_count", v.replicaCount},
                     {"arbiter_count", v.arbiterCount},
                     {"disperse_count", v.disperseCount},
                     {"replica_set_width", v.replicaSetWidth()},
                     {"bricks", v.bricks}};
}

void to_json(nlohmann::json& j, const BrickProcessStatus& v) {
  j = nlohmann::json{{"host", v.host},     {"path", v.path},         {"peer_uuid", v.peerUuid},
                     {"online", v.online}, {"port", orNull(v.port)}, {"pid", orNull(v.pid)}};
}

void to_json(nlohmann::json& j, const VolumeStatus& v) {
  j = nlohmann::json{{"name", v.name}, {"bricks", v.bricks}};
}

void to_json(nlohmann::json& j, const ActionReply& v) {
  j = nlohmann::json{{"primary", v.primary}, {"secondary", v.secondary}, {"message", v.message}};
}

nlohmann::json configToJson(const ConfigMap& config) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [key, value] : config) j[key] = value;
  return j;
}

}  // namespace georep::gluster
