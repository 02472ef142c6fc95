// The typed model of what GlusterFS reports: geo-replication status (sessions and their per-brick
// workers), session config, volume info and volume status, and action replies. Parsers produce it, the
// DAOs store it, commands and the sync job reason on it. Absent values ("N/A") are std::nullopt; times
// are UTC. Thread-safety: plain values.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace georep::gluster {

using TimePoint = std::chrono::sys_seconds;  // UTC

enum class WorkerStatus {
  kCreated,
  kInitializing,     // "Initializing..."
  kActive,
  kPassive,
  kFaulty,
  kPaused,
  kStopped,
  kOffline,          // brick missing from status (its node did not answer)
  kConfigCorrupted,  // "Config Corrupted"
  kUnknown,          // "N/A" or anything unrecognised
};

// Names as stored in the database and shown to users: "Created", "Initializing", ..., "Config Corrupted".
std::string_view workerStatusName(WorkerStatus s);
// Parses glusterd's spelling ("Initializing..." included); anything unknown is kUnknown.
WorkerStatus parseWorkerStatus(std::string_view text);

// One <pair>: the worker of one primary brick in one session.
struct BrickStatus {
  std::string primaryNode;
  std::string primaryBrick;                  // brick path
  std::string primaryNodeUuid;
  std::string secondaryUser;
  std::string secondary;                     // "host::vol" as listed
  std::optional<std::string> secondaryNode;  // empty/N/A -> nullopt
  WorkerStatus status = WorkerStatus::kUnknown;
  std::string rawStatus;                     // glusterd's own text
  std::optional<std::string> crawlStatus;
  std::optional<std::int64_t> entry, data, meta, failures;
  std::optional<bool> checkpointCompleted;
  std::optional<TimePoint> lastSynced, checkpointTime, checkpointCompletionTime;
};

// The parts of a session key: <creatorUuid>:ssh://[user@]host::volume:<secondaryVolumeUuid>
struct SessionKey {
  std::string raw;
  std::string creatorUuid;
  std::string secondaryUser;  // "root" when the key has no user@
  std::string secondaryHost;
  std::string secondaryVolume;
  std::string secondaryVolumeUuid;
};

struct SessionStatus {
  std::string primaryVolume;
  SessionKey key;
  std::vector<BrickStatus> bricks;
};

struct StatusReport {
  std::vector<SessionStatus> sessions;  // volumes listed twice are merged
  std::string opErrstr;                 // may be non-empty with a valid payload
};

// Config as glusterd lists it (underscore keys).
using ConfigMap = std::map<std::string, std::string>;

struct Brick {
  std::string host;
  std::string path;
  std::string hostUuid;
  bool isArbiter = false;
};

enum class VolumeState { kCreated, kStarted, kStopped };
std::string_view volumeStateName(VolumeState s);  // "Created", "Started", "Stopped"

struct VolumeInfo {
  std::string name;
  std::string id;            // volume uuid
  VolumeState state = VolumeState::kCreated;
  std::string typeName;      // typeStr: "Replicate", "Distributed-Replicate", "Disperse", ...
  int brickCount = 0;
  int distCount = 1;
  int replicaCount = 1;
  int arbiterCount = 0;
  int disperseCount = 0;
  int redundancyCount = 0;   // bricks of a disperse set that may fail (their share holds no data)
  std::vector<Brick> bricks;  // in subvolume order
  // Width of one replica set: disperseCount when dispersed, else replicaCount (>= 1).
  int replicaSetWidth() const { return disperseCount > 0 ? disperseCount : (replicaCount > 0 ? replicaCount : 1); }
};

struct BrickProcessStatus {
  std::string host;
  std::string path;
  std::string peerUuid;
  bool online = false;
  std::optional<int> port;
  std::optional<int> pid;
  // Filesystem of the brick, from `volume status VOL detail` only (bytes); nullopt otherwise or offline.
  std::optional<std::int64_t> sizeTotal;
  std::optional<std::int64_t> sizeFree;
};

struct VolumeStatus {
  std::string name;
  std::vector<BrickProcessStatus> bricks;  // bricks only; daemons (self-heal, ...) excluded
};

// One peer of a glusterd pool (`pool list`); this node is listed with hostname "localhost".
struct Peer {
  std::string uuid;
  std::string hostname;
  bool connected = false;
};

// Reply to create/start/stop/pause/resume/delete/config set|reset (opRet 0).
struct ActionReply {
  std::string primary;    // <primary> or <master>
  std::string secondary;  // <secondary> or <slave>
  std::string message;    // opErrstr or <config><message>, may be empty
};

}  // namespace georep::gluster
