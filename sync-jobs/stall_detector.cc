// StallDetector (sync-jobs/stall_detector.h).
#include "sync-jobs/stall_detector.h"

#include <utility>

#include <nlohmann/json.hpp>

namespace georep::sync {
namespace {

using gluster::AggregateStatus;
using gluster::WorkerStatus;

bool isRunning(AggregateStatus status) {
  switch (status) {
    case AggregateStatus::kCreated:
    case AggregateStatus::kPaused:
    case AggregateStatus::kStopped: return false;
    case AggregateStatus::kActive:
    case AggregateStatus::kInitializing:
    case AggregateStatus::kFaulty:
    case AggregateStatus::kPartialFaulty:
    case AggregateStatus::kUnknown: return true;
  }
  return true;
}

struct Pending {
  std::int64_t entry = 0, data = 0, meta = 0;
  std::optional<gluster::TimePoint> lastSynced;
  std::int64_t total() const { return entry + data + meta; }
};

std::string iso(std::chrono::system_clock::time_point t) {
  return isoTime(std::chrono::time_point_cast<std::chrono::seconds>(t));
}

}  // namespace

std::vector<api::Event> StallDetector::observe(const ClusterRef& cluster,
                                               const std::vector<dao::StoredSession>& sessions, TimePoint now) {
  std::vector<api::Event> events;
  std::lock_guard lock(mutex_);
  std::set<std::int64_t> listed;
  for (const dao::StoredSession& stored : sessions) {
    const std::int64_t id = stored.session.id;
    listed.insert(id);
    std::vector<WorkerMark> marks;
    Pending pending;
    for (const dao::SessionBrickRecord& b : stored.bricks) {
      if (b.workerStatus == WorkerStatus::kPassive) continue;
      const std::int64_t synced = b.lastSynced ? b.lastSynced->time_since_epoch().count() : -1;
      marks.emplace_back(b.host, b.path, b.entryPending.value_or(0), b.dataPending.value_or(0),
                         b.metaPending.value_or(0), synced);
      pending.entry += b.entryPending.value_or(0);
      pending.data += b.dataPending.value_or(0);
      pending.meta += b.metaPending.value_or(0);
      if (b.lastSynced && (!pending.lastSynced || *b.lastSynced > *pending.lastSynced)) pending.lastSynced = b.lastSynced;
    }
    const bool running = isRunning(stored.session.status);
    const bool hasWork = running && pending.total() > 0;

    auto [it, inserted] = watches_.try_emplace(id);
    Watch& watch = it->second;
    const bool progressed = !inserted && watch.marks != marks;
    if (inserted || progressed || !hasWork) watch.lastProgress = now;
    watch.clusterId = cluster.id;
    watch.marks = std::move(marks);

    const SessionLabel label = labelOf(stored.session);
    if (watch.stalled && (progressed || !hasWork)) {
      watch.stalled = false;
      const char* reason = !running ? "not_running" : pending.total() == 0 ? "no_pending_work" : "progress";
      events.push_back(stallClearedEvent(cluster, label, {{"reason", reason}, {"status", gluster::aggregateStatusName(stored.session.status)}}));
    } else if (!watch.stalled && hasWork && now - watch.lastProgress >= stallAfter_) {
      watch.stalled = true;
      nlohmann::json details{
          {"status", gluster::aggregateStatusName(stored.session.status)},
          {"pending", {{"entry", pending.entry}, {"data", pending.data}, {"meta", pending.meta}}},
          {"no_progress_since", iso(watch.lastProgress)},
          {"stall_after_seconds", stallAfter_.count()},
          {"last_synced", pending.lastSynced ? nlohmann::json(isoTime(*pending.lastSynced)) : nlohmann::json()}};
      events.push_back(stalledEvent(cluster, label, details));
    }
  }
  std::erase_if(watches_, [&](const auto& entry) {
    return entry.second.clusterId == cluster.id && !listed.count(entry.first);
  });
  return events;
}

bool StallDetector::isStalled(std::int64_t sessionId) const {
  std::lock_guard lock(mutex_);
  const auto it = watches_.find(sessionId);
  return it != watches_.end() && it->second.stalled;
}

}  // namespace georep::sync
