// The state after a status cycle (sync-jobs/snapshot_overlay.h).
#include "sync-jobs/snapshot_overlay.h"

#include <algorithm>
#include <map>
#include <utility>

namespace georep::sync {
namespace {

void assign(dao::SessionBrickRecord& row, const dao::SessionBrickWrite& w) {
  row.host = w.host;
  row.path = w.path;
  row.workerStatus = w.workerStatus;
  row.secondaryNode = w.secondaryNode;
  row.crawlStatus = w.crawlStatus;
  row.entryPending = w.entryPending;
  row.dataPending = w.dataPending;
  row.metaPending = w.metaPending;
  row.failures = w.failures;
  row.lastSynced = w.lastSynced;
  row.checkpointTime = w.checkpointTime;
  row.checkpointCompleted = w.checkpointCompleted;
  row.checkpointCompletionTime = w.checkpointCompletionTime;
}

void upsertBricks(dao::StoredSession& session, const std::vector<dao::SessionBrickWrite>& bricks) {
  for (const auto& w : bricks) {
    auto row = std::find_if(session.bricks.begin(), session.bricks.end(),
                            [&](const dao::SessionBrickRecord& r) { return r.host == w.host && r.path == w.path; });
    if (row == session.bricks.end()) {
      session.bricks.emplace_back();
      row = std::prev(session.bricks.end());
      row->sessionId = session.session.id;
      row->position = static_cast<int>(session.bricks.size()) - 1;
    }
    assign(*row, w);
  }
}

}  // namespace

dao::ClusterSnapshot overlayWrites(dao::ClusterSnapshot snapshot, const dao::ClusterWrite& write,
                                   const dao::ApplyResult& applied) {
  std::map<std::int64_t, std::size_t> indexOf;
  for (std::size_t i = 0; i < snapshot.sessions.size(); ++i) indexOf[snapshot.sessions[i].session.id] = i;
  std::vector<std::int64_t> removed;
  for (std::size_t i = 0; i < write.sessions.size() && i < applied.sessions.size(); ++i) {
    if (applied.sessions[i] != dao::ApplyResult::Outcome::kApplied) continue;
    const dao::SessionWrite& w = write.sessions[i];
    switch (w.kind) {
      case dao::SessionWrite::Kind::kRemove:
        removed.push_back(w.sessionId);
        break;
      case dao::SessionWrite::Kind::kUpdate: {
        const auto it = indexOf.find(w.sessionId);
        if (it == indexOf.end()) break;
        dao::StoredSession& s = snapshot.sessions[it->second];
        if (w.status) s.session.status = *w.status;
        if (w.rawWorkerStates) s.session.rawWorkerStates = *w.rawWorkerStates;
        if (w.missedListings) s.session.missedListings = *w.missedListings;
        upsertBricks(s, w.bricks);
        break;
      }
      case dao::SessionWrite::Kind::kInsert: {
        const auto id = applied.insertedIds.find(i);
        if (id == applied.insertedIds.end()) break;
        dao::StoredSession s;
        s.session.id = id->second;
        s.session.clusterId = w.insert.clusterId;
        s.session.masterVolume = w.masterVolume;
        s.session.sessionKey = w.insert.sessionKey;
        s.session.secondaryHost = w.insert.secondaryHost;
        s.session.secondaryUser = w.insert.secondaryUser;
        s.session.secondaryVolume = w.insert.secondaryVolume;
        s.session.secondaryVolumeUuid = w.insert.secondaryVolumeUuid;
        s.session.status = w.insert.status;
        s.session.rawWorkerStates = w.insert.rawWorkerStates;
        upsertBricks(s, w.bricks);
        snapshot.sessions.push_back(std::move(s));
        break;
      }
    }
  }
  std::erase_if(snapshot.sessions, [&](const dao::StoredSession& s) {
    return std::find(removed.begin(), removed.end(), s.session.id) != removed.end();
  });
  return snapshot;
}

}  // namespace georep::sync
