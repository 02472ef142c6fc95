// The rows of the plugin's tables as plain C++ values (what the DAOs read and write): volumes and bricks
// as discovered, geo-replication sessions, their per-brick worker details and their config.
// Times are UTC (sys_seconds); absent values are std::nullopt (NULL in the database).
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "gluster/model.h"
#include "gluster/session_health.h"

namespace georep::dao {

using TimePoint = gluster::TimePoint;

// georep_volumes
struct VolumeRecord {
  std::int64_t id = 0;
  std::int64_t clusterId = 0;
  std::string name;
  std::string uuid;
  std::string type;                                         // typeStr
  gluster::VolumeState state = gluster::VolumeState::kCreated;
  int brickCount = 0;
  int distCount = 1;
  int replicaCount = 1;
  int arbiterCount = 0;
  int disperseCount = 0;
  TimePoint updatedAt{};
};

// georep_bricks
struct BrickRecord {
  std::int64_t id = 0;
  std::int64_t volumeId = 0;
  int position = 0;    // index in volume info's brick list
  int replicaSet = 0;  // position / replica set width
  std::string host;
  std::string hostUuid;
  std::string path;
  bool isArbiter = false;
};

// georep_sessions, with the master volume's name joined in.
struct SessionRecord {
  std::int64_t id = 0;
  std::int64_t clusterId = 0;
  std::int64_t masterVolumeId = 0;
  std::string masterVolume;  // name (read only: from georep_volumes)
  std::string sessionKey;
  std::string secondaryHost;
  std::string secondaryUser = "root";
  std::string secondaryVolume;
  std::optional<std::string> secondaryVolumeUuid;
  gluster::AggregateStatus status = gluster::AggregateStatus::kUnknown;
  std::string rawWorkerStates;
  int missedListings = 0;
  TimePoint createdAt{};
  TimePoint updatedAt{};
};

// What a caller supplies to store a session (ids and times are assigned by the database).
struct NewSession {
  std::int64_t clusterId = 0;
  std::int64_t masterVolumeId = 0;
  std::string sessionKey;
  std::string secondaryHost;
  std::string secondaryUser = "root";
  std::string secondaryVolume;
  std::optional<std::string> secondaryVolumeUuid;
  gluster::AggregateStatus status = gluster::AggregateStatus::kUnknown;
  std::string rawWorkerStates;
};

// georep_session_bricks, with the brick's identity joined in (position, replica set, host, path).
struct SessionBrickRecord {
  std::int64_t sessionId = 0;
  std::int64_t brickId = 0;
  int position = 0;
  int replicaSet = 0;
  std::string host;
  std::string path;
  gluster::WorkerStatus workerStatus = gluster::WorkerStatus::kUnknown;
  std::optional<std::string> secondaryNode;
  std::optional<std::string> crawlStatus;
  std::optional<std::int64_t> entryPending, dataPending, metaPending, failures;
  std::optional<TimePoint> lastSynced;
  std::optional<TimePoint> checkpointTime;
  std::optional<bool> checkpointCompleted;
  std::optional<TimePoint> checkpointCompletionTime;
  TimePoint updatedAt{};
};

// georep_session_config
struct ConfigEntry {
  std::string key;  // underscore form
  std::string value;
  bool isDefault = false;
};

}  // namespace georep::dao
