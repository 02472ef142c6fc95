// The events the sync job raises, built in one place so that names, severities and bodies stay
// consistent: georep.session.discovered / vanished / status_changed, georep.brick.faulty / recovered,
// georep.checkpoint.completed, georep.config.changed_externally, georep.cluster.unreachable / reachable.
// Every session event body names the cluster, the session id, the master volume and the secondary.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "dao/records.h"
#include "engine/api/event_bus.h"
#include "gluster/model.h"
#include "gluster/session_health.h"

namespace georep::sync {

inline constexpr const char* kEventDiscovered = "georep.session.discovered";
inline constexpr const char* kEventVanished = "georep.session.vanished";
inline constexpr const char* kEventStatusChanged = "georep.session.status_changed";
inline constexpr const char* kEventBrickFaulty = "georep.brick.faulty";
inline constexpr const char* kEventBrickRecovered = "georep.brick.recovered";
inline constexpr const char* kEventCheckpointCompleted = "georep.checkpoint.completed";
inline constexpr const char* kEventConfigChangedExternally = "georep.config.changed_externally";
inline constexpr const char* kEventClusterUnreachable = "georep.cluster.unreachable";
inline constexpr const char* kEventClusterReachable = "georep.cluster.reachable";
inline constexpr const char* kEventSessionStalled = "georep.session.stalled";
inline constexpr const char* kEventSessionStallCleared = "georep.session.stall_cleared";

// The cluster a cycle works on.
struct ClusterRef {
  std::int64_t id = 0;
  std::string name;
};

// Who a session event is about. sessionId is 0 for a session not stored yet (filled in after insert).
struct SessionLabel {
  std::int64_t sessionId = 0;
  std::string masterVolume;
  std::string secondaryUser;
  std::string secondaryHost;
  std::string secondaryVolume;
  std::string sessionKey;
};

SessionLabel labelOf(const dao::SessionRecord& session);

// "2026-11-21T11:58:27Z"
std::string isoTime(gluster::TimePoint t);

// Severity of a session entering `status`: FAULTY error, PARTIAL_FAULTY and UNKNOWN warning, else info.
api::Severity statusSeverity(gluster::AggregateStatus status);

api::Event discoveredEvent(const ClusterRef& cluster, const SessionLabel& s, gluster::AggregateStatus status);
api::Event vanishedEvent(const ClusterRef& cluster, const SessionLabel& s, gluster::AggregateStatus lastStatus);
api::Event statusChangedEvent(const ClusterRef& cluster, const SessionLabel& s, gluster::AggregateStatus from,
                              gluster::AggregateStatus to, const std::string& rawWorkerStates);
// A brick's worker entered Faulty or Offline (faulty), or left them (recovered).
api::Event brickEvent(const ClusterRef& cluster, const SessionLabel& s, bool faulty, const std::string& host,
                      const std::string& path, int position, int replicaSet, gluster::WorkerStatus from,
                      gluster::WorkerStatus to);
api::Event checkpointCompletedEvent(const ClusterRef& cluster, const SessionLabel& s, gluster::TimePoint checkpointTime,
                                    std::optional<gluster::TimePoint> completedAt);
// changes: array of {"key", "old" (null when new), "new" (null when gone)}.
// `changes`: [{key, old, new}] (values of secret keys already masked, see configChange). firstRead: the
// session's first config read (nothing stored yet): "old" is glusterd's default of the key.
api::Event configChangedEvent(const ClusterRef& cluster, const SessionLabel& s, nlohmann::json changes,
                              bool firstRead = false);

// True for a config key whose value must never appear in an event or a log (a password, secret, token or
// credential in its name).
bool isSecretConfigKey(const std::string& key);

// {key, old, new} with both values "***" for a secret key; an absent value (nullopt) is null.
nlohmann::json configChange(const std::string& key, const std::optional<std::string>& oldValue,
                            const std::optional<std::string>& newValue);
api::Event clusterUnreachableEvent(const ClusterRef& cluster, const std::string& error);
api::Event clusterReachableEvent(const ClusterRef& cluster);
// Stall detection (sync-jobs/stall_detector.h): `details` are merged into the session body.
api::Event stalledEvent(const ClusterRef& cluster, const SessionLabel& s, const nlohmann::json& details);
api::Event stallClearedEvent(const ClusterRef& cluster, const SessionLabel& s, const nlohmann::json& details);

}  // namespace georep::sync
