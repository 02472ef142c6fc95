// MemoryStore: an in-memory stand-in for the database in the planners' unit tests. It applies a
// dao::ClusterWrite to a dao::ClusterSnapshot the way dao::ReconcileDao::apply does (without locks), so
// that multi-cycle scenarios can run on pure logic. Versions are bumped on every write.
// Thread-safety: none (one test).
#pragma once

#include <algorithm>
#include <string>

#include "dao/reconcile_snapshot.h"

namespace georep::testing {

class MemoryStore {
 public:
  explicit MemoryStore(std::int64_t clusterId) { snap_.clusterId = clusterId; }

  const dao::ClusterSnapshot& snapshot() const { return snap_; }
  dao::ClusterSnapshot& mutableSnapshot() { return snap_; }

  const dao::StoredSession* find(const std::string& volume, const std::string& key) const {
    for (const auto& s : snap_.sessions) {
      if (s.session.masterVolume == volume && s.session.sessionKey == key) return &s;
    }
    return nullptr;
  }

  void apply(const dao::ClusterWrite& w) {
    for (const auto& v : w.volumeUpserts) upsertVolume(v);
    for (const auto& s : w.sessions) {
      switch (s.kind) {
        case dao::SessionWrite::Kind::kRemove:
          snap_.sessions.erase(std::remove_if(snap_.sessions.begin(), snap_.sessions.end(),
                                              [&](const auto& x) { return x.session.id == s.sessionId; }),
                               snap_.sessions.end());
          break;
        case dao::SessionWrite::Kind::kUpdate: {
          auto* st = byId(s.sessionId);
          if (!st) break;
          if (s.status) st->session.status = *s.status;
          if (s.rawWorkerStates) st->session.rawWorkerStates = *s.rawWorkerStates;
          if (s.missedListings) st->session.missedListings = *s.missedListings;
          upsertBricks(*st, s.bricks);
          st->version = std::to_string(++versionCounter_);
          break;
        }
        case dao::SessionWrite::Kind::kInsert: {
          dao::StoredSession st;
          st.session.id = ++idCounter_;
          st.session.clusterId = snap_.clusterId;
          st.session.masterVolume = s.masterVolume;
          st.session.sessionKey = s.insert.sessionKey;
          st.session.secondaryHost = s.insert.secondaryHost;
          st.session.secondaryUser = s.insert.secondaryUser;
          st.session.secondaryVolume = s.insert.secondaryVolume;
          st.session.secondaryVolumeUuid = s.insert.secondaryVolumeUuid;
          st.session.status = s.insert.status;
          st.session.rawWorkerStates = s.insert.rawWorkerStates;
          upsertBricks(st, s.bricks);
          st.version = std::to_string(++versionCounter_);
          snap_.sessions.push_back(std::move(st));
          break;
        }
      }
    }
    if (w.listedVolumes) {
      auto& vols = snap_.volumes;
      vols.erase(std::remove_if(vols.begin(), vols.end(),
                                [&](const dao::StoredVolume& v) {
                                  bool listed = std::count(w.listedVolumes->begin(), w.listedVolumes->end(),
                                                           v.volume.name) > 0;
                                  bool used = std::any_of(snap_.sessions.begin(), snap_.sessions.end(), [&](auto& s) {
                                    return s.session.masterVolume == v.volume.name;
                                  });
                                  return !listed && !used;
                                }),
                 vols.end());
    }
    if (w.sync) {
      snap_.sync.exists = true;
      snap_.sync.reachable = w.sync->reachable;
      snap_.sync.lastError = w.sync->lastError;
    }
  }

 private:
  dao::StoredSession* byId(std::int64_t id) {
    for (auto& s : snap_.sessions) {
      if (s.session.id == id) return &s;
    }
    return nullptr;
  }

  void upsertVolume(const gluster::VolumeInfo& v) {
    dao::StoredVolume sv;
    sv.volume.id = ++idCounter_;
    sv.volume.clusterId = snap_.clusterId;
    sv.volume.name = v.name;
    sv.volume.uuid = v.id;
    sv.volume.type = v.typeName;
    sv.volume.state = v.state;
    sv.volume.brickCount = v.brickCount;
    sv.volume.distCount = v.distCount;
    sv.volume.replicaCount = std::max(v.replicaCount, 1);
    sv.volume.arbiterCount = v.arbiterCount;
    sv.volume.disperseCount = v.disperseCount;
    for (std::size_t i = 0; i < v.bricks.size(); ++i) {
      dao::BrickRecord b;
      b.id = ++idCounter_;
      b.volumeId = sv.volume.id;
      b.position = static_cast<int>(i);
      b.replicaSet = static_cast<int>(i) / v.replicaSetWidth();
      b.host = v.bricks[i].host;
      b.hostUuid = v.bricks[i].hostUuid;
      b.path = v.bricks[i].path;
      b.isArbiter = v.bricks[i].isArbiter;
      sv.bricks.push_back(b);
    }
    for (auto& existing : snap_.volumes) {
      if (existing.volume.name == v.name) {
        sv.volume.id = existing.volume.id;
        existing = sv;
        return;
      }
    }
    snap_.volumes.push_back(sv);
  }

  const dao::BrickRecord* brick(const std::string& volume, const std::string& host, const std::string& path) const {
    for (const auto& v : snap_.volumes) {
      if (v.volume.name != volume) continue;
      for (const auto& b : v.bricks) {
        if (b.host == host && b.path == path) return &b;
      }
    }
    return nullptr;
  }

  void upsertBricks(dao::StoredSession& st, const std::vector<dao::SessionBrickWrite>& writes) {
    for (const auto& w : writes) {
      const dao::BrickRecord* b = brick(st.session.masterVolume, w.host, w.path);
      if (!b) continue;  // as the DAO's JOIN: a row for no stored brick is dropped
      dao::SessionBrickRecord r;
      r.sessionId = st.session.id;
      r.brickId = b->id;
      r.position = b->position;
      r.replicaSet = b->replicaSet;
      r.host = w.host;
      r.path = w.path;
      r.workerStatus = w.workerStatus;
      r.secondaryNode = w.secondaryNode;
      r.crawlStatus = w.crawlStatus;
      r.entryPending = w.entryPending;
      r.dataPending = w.dataPending;
      r.metaPending = w.metaPending;
      r.failures = w.failures;
      r.lastSynced = w.lastSynced;
      r.checkpointTime = w.checkpointTime;
      r.checkpointCompleted = w.checkpointCompleted;
      r.checkpointCompletionTime = w.checkpointCompletionTime;
      bool replaced = false;
      for (auto& existing : st.bricks) {
        if (existing.brickId == r.brickId) {
          existing = r;
          replaced = true;
        }
      }
      if (!replaced) st.bricks.push_back(r);
    }
    std::sort(st.bricks.begin(), st.bricks.end(), [](auto& a, auto& b) { return a.position < b.position; });
  }

  dao::ClusterSnapshot snap_;
  std::int64_t idCounter_ = 100;
  std::int64_t versionCounter_ = 0;
};

}  // namespace georep::testing
