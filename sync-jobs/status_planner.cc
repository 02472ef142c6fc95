// The pure status reconciler (sync-jobs/status_planner.h).
#include "sync-jobs/status_planner.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "gluster/session_health.h"

namespace georep::sync {
namespace {

using gluster::WorkerStatus;

bool equalsIgnoreCase(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool volumeDiffers(const dao::StoredVolume& stored, const gluster::VolumeInfo& v) {
  const dao::VolumeRecord& s = stored.volume;
  if (!equalsIgnoreCase(s.uuid, v.id) || s.type != v.typeName || s.state != v.state) return true;
  if (s.brickCount != v.brickCount || s.distCount != v.distCount) return true;
  if (s.replicaCount != std::max(v.replicaCount, 1) || s.arbiterCount != v.arbiterCount) return true;
  if (s.disperseCount != v.disperseCount || stored.bricks.size() != v.bricks.size()) return true;
  const int width = v.replicaSetWidth();
  for (std::size_t i = 0; i < v.bricks.size(); ++i) {
    const dao::BrickRecord& a = stored.bricks[i];
    const gluster::Brick& b = v.bricks[i];
    if (a.position != static_cast<int>(i) || a.replicaSet != static_cast<int>(i) / width) return true;
    if (a.host != b.host || a.path != b.path || !equalsIgnoreCase(a.hostUuid, b.hostUuid)) return true;
    if (a.isArbiter != b.isArbiter) return true;
  }
  return false;
}

bool isDown(WorkerStatus s) { return s == WorkerStatus::kFaulty || s == WorkerStatus::kOffline; }

bool brickDiffers(const dao::SessionBrickRecord& r, const gluster::BrickStatus& b) {
  return r.workerStatus != b.status || r.secondaryNode != b.secondaryNode || r.crawlStatus != b.crawlStatus ||
         r.entryPending != b.entry || r.dataPending != b.data || r.metaPending != b.meta || r.failures != b.failures ||
         r.lastSynced != b.lastSynced || r.checkpointTime != b.checkpointTime ||
         r.checkpointCompleted != b.checkpointCompleted || r.checkpointCompletionTime != b.checkpointCompletionTime;
}

dao::SessionBrickWrite toWrite(const gluster::BrickWorker& w) {
  dao::SessionBrickWrite b;
  b.host = w.brick.host;
  b.path = w.brick.path;
  b.workerStatus = w.status.status;
  b.secondaryNode = w.status.secondaryNode;
  b.crawlStatus = w.status.crawlStatus;
  b.entryPending = w.status.entry;
  b.dataPending = w.status.data;
  b.metaPending = w.status.meta;
  b.failures = w.status.failures;
  b.lastSynced = w.status.lastSynced;
  b.checkpointTime = w.status.checkpointTime;
  b.checkpointCompleted = w.status.checkpointCompleted;
  b.checkpointCompletionTime = w.status.checkpointCompletionTime;
  return b;
}

struct Checkpoint {
  gluster::TimePoint time;
  std::optional<gluster::TimePoint> completedAt;
};

// The session's checkpoint, when it is completed: every Active worker (at least one) reports the same
// checkpoint time as completed.
std::optional<Checkpoint> completedCheckpoint(const std::vector<gluster::BrickWorker>& workers) {
  std::optional<Checkpoint> cp;
  for (const auto& w : workers) {
    if (w.status.status != WorkerStatus::kActive) continue;
    if (w.status.checkpointCompleted != true || !w.status.checkpointTime) return std::nullopt;
    if (cp && cp->time != *w.status.checkpointTime) return std::nullopt;
    if (!cp) cp = Checkpoint{*w.status.checkpointTime, std::nullopt};
    const auto& at = w.status.checkpointCompletionTime;
    if (at && (!cp->completedAt || *at > *cp->completedAt)) cp->completedAt = at;
  }
  return cp;
}

// Whether the stored state already showed this checkpoint completed, by the same rule as
// completedCheckpoint (every stored Active worker, at least one, completed at that checkpoint time). One
// brick completed in an earlier cycle and the other in this one is a completion seen now.
bool storedCompleted(const std::vector<dao::SessionBrickRecord>& rows, gluster::TimePoint time) {
  bool anyActive = false;
  for (const auto& r : rows) {
    if (r.workerStatus != WorkerStatus::kActive) continue;
    if (r.checkpointCompleted != true || r.checkpointTime != time) return false;
    anyActive = true;
  }
  return anyActive;
}

// GlusterFS 10.3 answers a successful, complete status with opErrstr "primary not found" (<= 9: "master
// not found"; GLUSTER.md). Treating it as a partial listing would keep every session deleted behind the
// engine's back, but the last one, forever. Any other message still makes the listing incomplete.
bool isBenignStatusMessage(const std::string& message) {
  return message == "primary not found" || message == "master not found";
}

using SessionId = std::pair<std::string, std::string>;  // (master volume, session key)

// The nodes heard from in this listing: every primary node (name and uuid) of any pair, and the host
// that answered.
struct HeardNodes {
  std::set<std::string> names;
  std::set<std::string> uuids;

  HeardNodes(const gluster::StatusReport& report, const std::string& answeredBy) {
    if (!answeredBy.empty()) names.insert(answeredBy);
    for (const auto& s : report.sessions) {
      for (const auto& b : s.bricks) {
        if (!b.primaryNode.empty()) names.insert(b.primaryNode);
        if (!b.primaryNodeUuid.empty()) uuids.insert(lower(b.primaryNodeUuid));
      }
    }
  }
  // True when no brick of the volume is on a node heard from (and the volume has bricks).
  bool noneOf(const gluster::VolumeInfo& volume) const {
    for (const auto& b : volume.bricks) {
      if (names.count(b.host) || (!b.hostUuid.empty() && uuids.count(lower(b.hostUuid)))) return false;
    }
    return !volume.bricks.empty();
  }
  static std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }
};

}  // namespace

StatusPlan planStatus(const ClusterRef& cluster, const dao::ClusterSnapshot& stored, const FetchedStatus& fetched) {
  StatusPlan plan;

  // Volumes.
  std::map<std::string, const gluster::VolumeInfo*> volumes;
  for (const auto& v : fetched.volumes) volumes.emplace(v.name, &v);
  std::map<std::string, const dao::StoredVolume*> storedVolumes;
  for (const auto& v : stored.volumes) storedVolumes.emplace(v.volume.name, &v);
  for (const auto& [name, v] : volumes) {
    auto it = storedVolumes.find(name);
    if (it == storedVolumes.end() || volumeDiffers(*it->second, *v)) plan.write.volumeUpserts.push_back(*v);
  }

  // Listed sessions, mapped to their volume.
  if (!fetched.report.opErrstr.empty() && !isBenignStatusMessage(fetched.report.opErrstr)) {
    plan.listingComplete = false;
    plan.incompleteReason = "status reported: " + fetched.report.opErrstr;
  }
  std::map<SessionId, const gluster::SessionStatus*> listed;
  for (const auto& s : fetched.report.sessions) {
    ++plan.sessionsListed;
    if (!volumes.count(s.primaryVolume)) {
      ++plan.sessionsUnmapped;
      plan.listingComplete = false;
      if (plan.incompleteReason.empty()) {
        plan.incompleteReason = "status lists volume " + s.primaryVolume + " that volume info does not";
      }
      continue;
    }
    listed.emplace(SessionId{s.primaryVolume, s.key.raw}, &s);
  }

  auto add = [&plan](dao::SessionWrite w, std::vector<api::Event> events) {
    plan.write.sessions.push_back(std::move(w));
    plan.events.push_back(std::move(events));
  };

  // Stored sessions: changed, missed or removed.
  const HeardNodes heard(fetched.report, fetched.answeredBy);
  const gluster::SessionStatus nothingReported;
  std::set<SessionId> storedIds;
  std::map<std::string, int> sessionsKeptPerVolume;
  for (const auto& st : stored.sessions) {
    const dao::SessionRecord& rec = st.session;
    const SessionId id{rec.masterVolume, rec.sessionKey};
    storedIds.insert(id);
    const SessionLabel label = labelOf(rec);
    auto it = listed.find(id);
    const auto volume = volumes.find(rec.masterVolume);
    // Missing because every node of its bricks is silent: unknown, not missing (assessed with no pair,
    // every brick Offline -> UNKNOWN; missed listings left as they are).
    const bool nodesSilent = it == listed.end() && volume != volumes.end() && heard.noneOf(*volume->second);
    if (it == listed.end() && !nodesSilent) {
      if (!plan.listingComplete) {
        ++sessionsKeptPerVolume[rec.masterVolume];
        continue;
      }
      dao::SessionWrite w;
      w.sessionId = rec.id;
      w.version = st.version;
      const int missed = rec.missedListings + 1;
      if (missed >= kMissesBeforeRemoval) {
        w.kind = dao::SessionWrite::Kind::kRemove;
        add(std::move(w), {vanishedEvent(cluster, label, rec.status)});
      } else {
        ++sessionsKeptPerVolume[rec.masterVolume];
        w.kind = dao::SessionWrite::Kind::kUpdate;
        w.missedListings = missed;
        add(std::move(w), {});
      }
      continue;
    }
    ++sessionsKeptPerVolume[rec.masterVolume];

    const gluster::SessionHealth health =
        gluster::assessSession(*volume->second, nodesSilent ? nothingReported : *it->second);
    dao::SessionWrite w;
    w.kind = dao::SessionWrite::Kind::kUpdate;
    w.sessionId = rec.id;
    w.version = st.version;
    std::vector<api::Event> events;
    if (health.status != rec.status) {
      w.status = health.status;
      events.push_back(statusChangedEvent(cluster, label, rec.status, health.status, health.rawWorkerStates));
    }
    if (health.rawWorkerStates != rec.rawWorkerStates) w.rawWorkerStates = health.rawWorkerStates;
    if (rec.missedListings != 0 && !nodesSilent) w.missedListings = 0;

    std::map<std::pair<std::string, std::string>, const dao::SessionBrickRecord*> rows;
    for (const auto& r : st.bricks) rows.emplace(std::make_pair(r.host, r.path), &r);
    for (const auto& worker : health.workers) {
      auto row = rows.find({worker.brick.host, worker.brick.path});
      if (row != rows.end() && !brickDiffers(*row->second, worker.status)) continue;
      w.bricks.push_back(toWrite(worker));
      if (row == rows.end()) continue;
      const WorkerStatus from = row->second->workerStatus;
      const WorkerStatus to = worker.status.status;
      if (isDown(from) != isDown(to)) {
        events.push_back(brickEvent(cluster, label, isDown(to), worker.brick.host, worker.brick.path, worker.position,
                                    worker.replicaSet, from, to));
      }
    }
    if (auto cp = completedCheckpoint(health.workers); cp && !storedCompleted(st.bricks, cp->time)) {
      events.push_back(checkpointCompletedEvent(cluster, label, cp->time, cp->completedAt));
    }
    if (w.status || w.rawWorkerStates || w.missedListings || !w.bricks.empty()) add(std::move(w), std::move(events));
  }

  // Listed sessions not stored: discovered.
  for (const auto& [id, s] : listed) {
    if (storedIds.count(id)) continue;
    const gluster::SessionHealth health = gluster::assessSession(*volumes.at(s->primaryVolume), *s);
    dao::SessionWrite w;
    w.kind = dao::SessionWrite::Kind::kInsert;
    w.masterVolume = s->primaryVolume;
    w.insert.clusterId = stored.clusterId;
    w.insert.sessionKey = s->key.raw;
    w.insert.secondaryHost = s->key.secondaryHost;
    w.insert.secondaryUser = s->key.secondaryUser.empty() ? "root" : s->key.secondaryUser;
    w.insert.secondaryVolume = s->key.secondaryVolume;
    if (!s->key.secondaryVolumeUuid.empty()) w.insert.secondaryVolumeUuid = s->key.secondaryVolumeUuid;
    w.insert.status = health.status;
    w.insert.rawWorkerStates = health.rawWorkerStates;
    for (const auto& worker : health.workers) w.bricks.push_back(toWrite(worker));
    SessionLabel label{0, s->primaryVolume, w.insert.secondaryUser, w.insert.secondaryHost, w.insert.secondaryVolume,
                       s->key.raw};
    std::vector<api::Event> events{discoveredEvent(cluster, label, health.status)};
    ++sessionsKeptPerVolume[s->primaryVolume];
    add(std::move(w), std::move(events));
  }

  // Stored volumes no longer listed, once no session uses them.
  for (const auto& [name, v] : storedVolumes) {
    if (volumes.count(name) || sessionsKeptPerVolume[name] > 0) continue;
    std::vector<std::string> names;
    for (const auto& fv : fetched.volumes) names.push_back(fv.name);
    plan.write.listedVolumes = std::move(names);
    break;
  }
  return plan;
}

}  // namespace georep::sync
