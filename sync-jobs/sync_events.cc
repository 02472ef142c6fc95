// Sync job events (sync-jobs/sync_events.h).
#include "sync-jobs/sync_events.h"

#include <cctype>
#include <utility>

#include "gluster/model_json.h"

namespace georep::sync {
namespace {

nlohmann::json sessionBody(const ClusterRef& cluster, const SessionLabel& s) {
  return nlohmann::json{{"cluster", cluster.name},
                        {"cluster_id", cluster.id},
                        {"session_id", s.sessionId},
                        {"master_volume", s.masterVolume},
                        {"secondary_user", s.secondaryUser},
                        {"secondary_host", s.secondaryHost},
                        {"secondary_volume", s.secondaryVolume}};
}

api::Event make(const char* name, api::Severity severity, nlohmann::json body) {
  api::Event e;
  e.name = name;
  e.severity = severity;
  e.body = std::move(body);
  return e;
}

}  // namespace

SessionLabel labelOf(const dao::SessionRecord& session) {
  return SessionLabel{session.id,          session.masterVolume,    session.secondaryUser,
                      session.secondaryHost, session.secondaryVolume, session.sessionKey};
}

std::string isoTime(gluster::TimePoint t) { return gluster::formatIsoUtc(t); }

api::Severity statusSeverity(gluster::AggregateStatus status) {
  switch (status) {
    case gluster::AggregateStatus::kFaulty: return api::Severity::kError;
    case gluster::AggregateStatus::kPartialFaulty:
    case gluster::AggregateStatus::kUnknown: return api::Severity::kWarning;
    default: return api::Severity::kInfo;
  }
}

api::Event discoveredEvent(const ClusterRef& cluster, const SessionLabel& s, gluster::AggregateStatus status) {
  auto body = sessionBody(cluster, s);
  body["session_key"] = s.sessionKey;
  body["status"] = gluster::aggregateStatusName(status);
  return make(kEventDiscovered, api::Severity::kInfo, std::move(body));
}

api::Event vanishedEvent(const ClusterRef& cluster, const SessionLabel& s, gluster::AggregateStatus lastStatus) {
  auto body = sessionBody(cluster, s);
  body["session_key"] = s.sessionKey;
  body["last_status"] = gluster::aggregateStatusName(lastStatus);
  return make(kEventVanished, api::Severity::kWarning, std::move(body));
}

api::Event statusChangedEvent(const ClusterRef& cluster, const SessionLabel& s, gluster::AggregateStatus from,
                              gluster::AggregateStatus to, const std::string& rawWorkerStates) {
  auto body = sessionBody(cluster, s);
  body["old"] = gluster::aggregateStatusName(from);
  body["new"] = gluster::aggregateStatusName(to);
  if (to == gluster::AggregateStatus::kUnknown) body["raw_worker_states"] = rawWorkerStates;
  return make(kEventStatusChanged, statusSeverity(to), std::move(body));
}

api::Event brickEvent(const ClusterRef& cluster, const SessionLabel& s, bool faulty, const std::string& host,
                      const std::string& path, int position, int replicaSet, gluster::WorkerStatus from,
                      gluster::WorkerStatus to) {
  auto body = sessionBody(cluster, s);
  body["brick"] = host + ":" + path;
  body["host"] = host;
  body["path"] = path;
  body["position"] = position;
  body["replica_set"] = replicaSet;
  body["old"] = gluster::workerStatusName(from);
  body["new"] = gluster::workerStatusName(to);
  return make(faulty ? kEventBrickFaulty : kEventBrickRecovered, faulty ? api::Severity::kWarning : api::Severity::kInfo,
              std::move(body));
}

api::Event checkpointCompletedEvent(const ClusterRef& cluster, const SessionLabel& s, gluster::TimePoint checkpointTime,
                                    std::optional<gluster::TimePoint> completedAt) {
  auto body = sessionBody(cluster, s);
  body["checkpoint_time"] = isoTime(checkpointTime);
  body["completed_at"] = completedAt ? nlohmann::json(isoTime(*completedAt)) : nlohmann::json();
  return make(kEventCheckpointCompleted, api::Severity::kInfo, std::move(body));
}

api::Event configChangedEvent(const ClusterRef& cluster, const SessionLabel& s, nlohmann::json changes,
                              bool firstRead) {
  auto body = sessionBody(cluster, s);
  body["changes"] = std::move(changes);
  if (firstRead) body["first_read"] = true;
  return make(kEventConfigChangedExternally, api::Severity::kWarning, std::move(body));
}

bool isSecretConfigKey(const std::string& key) {
  std::string lower = key;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* word : {"password", "passwd", "secret", "token", "credential"})
    if (lower.find(word) != std::string::npos) return true;
  return false;
}

nlohmann::json configChange(const std::string& key, const std::optional<std::string>& oldValue,
                            const std::optional<std::string>& newValue) {
  const bool secret = isSecretConfigKey(key);
  const auto shown = [&](const std::optional<std::string>& v) -> nlohmann::json {
    if (!v) return nullptr;
    return secret ? std::string("***") : *v;
  };
  return {{"key", key}, {"old", shown(oldValue)}, {"new", shown(newValue)}};
}

api::Event clusterUnreachableEvent(const ClusterRef& cluster, const std::string& error) {
  return make(kEventClusterUnreachable, api::Severity::kError,
              nlohmann::json{{"cluster", cluster.name}, {"cluster_id", cluster.id}, {"error", error}});
}

api::Event clusterReachableEvent(const ClusterRef& cluster) {
  return make(kEventClusterReachable, api::Severity::kInfo,
              nlohmann::json{{"cluster", cluster.name}, {"cluster_id", cluster.id}});
}

api::Event stalledEvent(const ClusterRef& cluster, const SessionLabel& s, const nlohmann::json& details) {
  auto body = sessionBody(cluster, s);
  body.update(details);
  return make(kEventSessionStalled, api::Severity::kWarning, std::move(body));
}

api::Event stallClearedEvent(const ClusterRef& cluster, const SessionLabel& s, const nlohmann::json& details) {
  auto body = sessionBody(cluster, s);
  body.update(details);
  return make(kEventSessionStallCleared, api::Severity::kInfo, std::move(body));
}

}  // namespace georep::sync
