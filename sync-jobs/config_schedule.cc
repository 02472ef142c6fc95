// ConfigSchedule (sync-jobs/config_schedule.h).
#include "sync-jobs/config_schedule.h"

#include <algorithm>

namespace georep::sync {

ConfigSchedule::ConfigSchedule(std::size_t readsPerCycle, std::chrono::milliseconds sweepInterval)
    : readsPerCycle_(std::max<std::size_t>(readsPerCycle, 1)), sweepInterval_(sweepInterval) {}

void ConfigSchedule::markDue(std::int64_t sessionId) {
  std::lock_guard lock(mutex_);
  due_.insert(sessionId);
}

void ConfigSchedule::markDue(const std::vector<std::int64_t>& sessionIds) {
  std::lock_guard lock(mutex_);
  due_.insert(sessionIds.begin(), sessionIds.end());
}

std::vector<std::int64_t> ConfigSchedule::pick(std::int64_t clusterId, const std::vector<std::int64_t>& sessionIds,
                                               Clock::time_point now) {
  std::lock_guard lock(mutex_);
  std::vector<std::int64_t> picked;
  for (const std::int64_t id : sessionIds) {
    if (picked.size() == readsPerCycle_) break;
    if (due_.erase(id) != 0) picked.push_back(id);
  }
  // Due ids beyond the budget wait for the next cycle; those of other clusters stay for their own run.
  Sweep& sweep = sweeps_[clusterId];
  if (!sweep.running && (!sweep.startedAt || now - *sweep.startedAt >= sweepInterval_)) {
    sweep = Sweep{0, true, now};
  }
  if (!sweep.running) return picked;
  auto next = std::upper_bound(sessionIds.begin(), sessionIds.end(), sweep.after);
  for (; next != sessionIds.end() && picked.size() < readsPerCycle_; ++next) {
    sweep.after = *next;
    if (std::find(picked.begin(), picked.end(), *next) == picked.end()) picked.push_back(*next);
  }
  if (next == sessionIds.end()) sweep.running = false;  // every session had its turn
  return picked;
}

}  // namespace georep::sync
