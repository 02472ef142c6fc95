#include "commands/record_json.h"

#include "gluster/model_json.h"

namespace georep::commands {
namespace {

template <typename T>
nlohmann::json orNull(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json timeOrNull(const std::optional<dao::TimePoint>& t) {
  return t ? nlohmann::json(gluster::formatIsoUtc(*t)) : nlohmann::json(nullptr);
}

// Gluster's checkpoint status of a brick's worker: none set (null), Completed, or Pending.
nlohmann::json checkpointStatus(const dao::SessionBrickRecord& b) {
  if (!b.checkpointCompleted) return nullptr;
  return *b.checkpointCompleted ? "Completed" : "Pending";
}

}  // namespace

nlohmann::json sessionJson(const dao::SessionRecord& s, const std::string& clusterName) {
  return nlohmann::json{{"session_id", s.id},
                        {"cluster", clusterName},
                        {"master_volume", s.masterVolume},
                        {"secondary_host", s.secondaryHost},
                        {"secondary_user", s.secondaryUser},
                        {"secondary_volume", s.secondaryVolume},
                        {"secondary_volume_uuid", orNull(s.secondaryVolumeUuid)},
                        {"session_key", s.sessionKey},
                        {"status", std::string(gluster::aggregateStatusName(s.status))},
                        {"raw_worker_states", s.rawWorkerStates},
                        {"created_at", gluster::formatIsoUtc(s.createdAt)},
                        {"updated_at", gluster::formatIsoUtc(s.updatedAt)}};
}

nlohmann::json sessionBrickJson(const dao::SessionBrickRecord& b) {
  return nlohmann::json{{"position", b.position},
                        {"replica_set", b.replicaSet},
                        {"host", b.host},
                        {"path", b.path},
                        {"worker_status", std::string(gluster::workerStatusName(b.workerStatus))},
                        {"secondary_node", orNull(b.secondaryNode)},
                        {"crawl_status", orNull(b.crawlStatus)},
                        {"entry_pending", orNull(b.entryPending)},
                        {"data_pending", orNull(b.dataPending)},
                        {"meta_pending", orNull(b.metaPending)},
                        {"failures", orNull(b.failures)},
                        {"last_synced", timeOrNull(b.lastSynced)},
                        {"checkpoint_time", timeOrNull(b.checkpointTime)},
                        {"checkpoint_status", checkpointStatus(b)},
                        {"checkpoint_completed", orNull(b.checkpointCompleted)},
                        {"checkpoint_completion_time", timeOrNull(b.checkpointCompletionTime)},
                        {"updated_at", gluster::formatIsoUtc(b.updatedAt)}};
}

nlohmann::json configJson(const std::vector<dao::ConfigEntry>& config) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : config) out.push_back({{"key", e.key}, {"value", e.value}, {"is_default", e.isDefault}});
  return out;
}

nlohmann::json volumeJson(const dao::VolumeRecord& v, const std::vector<dao::BrickRecord>& bricks) {
  nlohmann::json b = nlohmann::json::array();
  for (const auto& brick : bricks) {
    b.push_back({{"position", brick.position},
                 {"replica_set", brick.replicaSet},
                 {"host", brick.host},
                 {"host_uuid", brick.hostUuid},
                 {"path", brick.path},
                 {"is_arbiter", brick.isArbiter}});
  }
  return nlohmann::json{{"name", v.name},
                        {"volume_uuid", v.uuid},
                        {"type", v.type},
                        {"status", std::string(gluster::volumeStateName(v.state))},
                        {"brick_count", v.brickCount},
                        {"replica_count", v.replicaCount},
                        {"arbiter_count", v.arbiterCount},
                        {"disperse_count", v.disperseCount},
                        {"bricks", b}};
}

}  // namespace georep::commands
