// Session health: brick mapping and aggregate status by replica set (see session_health.h).
#include "gluster/session_health.h"

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <utility>

namespace georep::gluster {

namespace {

constexpr std::array<std::pair<AggregateStatus, std::string_view>, 8> kAggregateNames{{
    {AggregateStatus::kCreated, "CREATED"},
    {AggregateStatus::kPaused, "PAUSED"},
    {AggregateStatus::kStopped, "STOPPED"},
    {AggregateStatus::kActive, "ACTIVE"},
    {AggregateStatus::kInitializing, "INITIALIZING"},
    {AggregateStatus::kFaulty, "FAULTY"},
    {AggregateStatus::kPartialFaulty, "PARTIAL_FAULTY"},
    {AggregateStatus::kUnknown, "UNKNOWN"},
}};

bool isLifecycle(WorkerStatus s) {
  return s == WorkerStatus::kCreated || s == WorkerStatus::kPaused || s == WorkerStatus::kStopped;
}

bool isFailed(WorkerStatus s) { return s == WorkerStatus::kFaulty || s == WorkerStatus::kOffline; }

bool isWaiting(WorkerStatus s) { return s == WorkerStatus::kPassive || s == WorkerStatus::kInitializing; }

// What one replica set says about the session.
struct SetSummary {
  bool hasActive = false;
  bool hasFailed = false;   // some worker Faulty or Offline
  bool onlyWaiting = true;  // every worker Passive or Initializing
};

AggregateStatus aggregate(const std::vector<BrickWorker>& workers) {
  if (workers.empty()) return AggregateStatus::kUnknown;

  // Rule 1: every worker that reports in the same lifecycle state. An Offline brick (its node did not
  // answer) says nothing about the session: a stopped session with a node down is still STOPPED.
  std::optional<WorkerStatus> first;
  bool same = true;
  for (const auto& w : workers) {
    const WorkerStatus s = w.status.status;
    if (s == WorkerStatus::kOffline) continue;
    if (!first) first = s;
    same = same && s == *first;
  }
  if (!first) return AggregateStatus::kUnknown;  // no node answered for this session
  if (same && isLifecycle(*first)) {
    switch (*first) {
      case WorkerStatus::kCreated: return AggregateStatus::kCreated;
      case WorkerStatus::kPaused: return AggregateStatus::kPaused;
      default: return AggregateStatus::kStopped;
    }
  }

  std::map<int, SetSummary> sets;
  for (const auto& w : workers) {
    SetSummary& set = sets[w.replicaSet];
    const WorkerStatus s = w.status.status;
    set.hasActive = set.hasActive || s == WorkerStatus::kActive;
    set.hasFailed = set.hasFailed || isFailed(s);
    set.onlyWaiting = set.onlyWaiting && isWaiting(s);
  }

  bool allActive = true;        // rule 2
  bool lackingAllWaiting = true;  // rule 3
  bool anyActive = false;
  bool anyFailedLacking = false;  // a set without an Active worker that has a Faulty/Offline one
  bool anyFailedWorker = false;
  for (const auto& [index, set] : sets) {
    anyActive = anyActive || set.hasActive;
    anyFailedWorker = anyFailedWorker || set.hasFailed;
    if (!set.hasActive) {
      allActive = false;
      lackingAllWaiting = lackingAllWaiting && set.onlyWaiting;
      anyFailedLacking = anyFailedLacking || set.hasFailed;
    }
  }

  if (allActive) return AggregateStatus::kActive;                              // rule 2
  if (lackingAllWaiting) return AggregateStatus::kInitializing;                // rule 3
  if (!anyActive && anyFailedWorker) return AggregateStatus::kFaulty;          // rule 4
  if (anyActive && anyFailedLacking) return AggregateStatus::kPartialFaulty;   // rule 5
  return AggregateStatus::kUnknown;                                            // rule 6
}

std::string rawStates(const std::vector<BrickWorker>& workers) {
  std::string out;
  for (const auto& w : workers) {
    if (!out.empty()) out += ',';
    out += std::to_string(w.position);
    out += ':';
    if (!w.status.rawStatus.empty()) {
      out += w.status.rawStatus;
    } else {
      out += workerStatusName(w.status.status);
    }
  }
  return out;
}

}  // namespace

std::string_view aggregateStatusName(AggregateStatus s) {
  for (const auto& [status, name] : kAggregateNames) {
    if (status == s) return name;
  }
  return "UNKNOWN";
}

AggregateStatus parseAggregateStatus(std::string_view name) {
  for (const auto& [status, text] : kAggregateNames) {
    if (text == name) return status;
  }
  return AggregateStatus::kUnknown;
}

SessionHealth assessSession(const VolumeInfo& primaryVolume, const SessionStatus& session) {
  SessionHealth health;
  const int width = primaryVolume.replicaSetWidth();
  const std::size_t brickCount = primaryVolume.bricks.size();

  // For each brick, the pair reporting it: first by (node uuid, path), else by (node name, path).
  std::vector<const BrickStatus*> matched(brickCount, nullptr);
  std::map<std::pair<std::string_view, std::string_view>, std::size_t> byUuid;
  std::map<std::pair<std::string_view, std::string_view>, std::size_t> byHost;
  for (std::size_t i = 0; i < brickCount; ++i) {
    const Brick& b = primaryVolume.bricks[i];
    if (!b.hostUuid.empty()) byUuid.emplace(std::pair<std::string_view, std::string_view>{b.hostUuid, b.path}, i);
    byHost.emplace(std::pair<std::string_view, std::string_view>{b.host, b.path}, i);
  }
  for (const BrickStatus& pair : session.bricks) {
    std::size_t index = brickCount;
    if (!pair.primaryNodeUuid.empty()) {
      auto it = byUuid.find({pair.primaryNodeUuid, pair.primaryBrick});
      if (it != byUuid.end()) index = it->second;
    }
    if (index == brickCount) {
      auto it = byHost.find({pair.primaryNode, pair.primaryBrick});
      if (it != byHost.end()) index = it->second;
    }
    if (index < brickCount && matched[index] == nullptr) matched[index] = &pair;  // first pair wins
  }

  health.workers.reserve(brickCount);
  for (std::size_t i = 0; i < brickCount; ++i) {
    BrickWorker w;
    w.position = static_cast<int>(i);
    w.replicaSet = static_cast<int>(i) / width;
    w.brick = primaryVolume.bricks[i];
    if (matched[i] != nullptr) {
      w.status = *matched[i];
    } else {
      w.status.status = WorkerStatus::kOffline;
    }
    health.workers.push_back(std::move(w));
  }

  health.status = aggregate(health.workers);
  if (health.status == AggregateStatus::kUnknown) health.rawWorkerStates = rawStates(health.workers);
  return health;
}

}  // namespace georep::gluster
