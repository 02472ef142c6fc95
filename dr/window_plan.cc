#include "dr/window_plan.h"

namespace georep::dr {

WindowPlan planWindows(const ZonedSchedule& schedule, Instant nextRunAt, Instant now) {
  WindowPlan plan;
  if (nextRunAt > now) {
    plan.next = nextRunAt;
    return plan;
  }
  Instant latest = nextRunAt;
  std::int64_t windows = 1;
  for (auto w = schedule.nextAfter(nextRunAt); w && *w <= now && windows < kMaxCountedWindows; w = schedule.nextAfter(*w)) {
    latest = *w;
    ++windows;
  }
  plan.due = latest;
  plan.missed = windows - 1;
  if (plan.missed > 0) plan.firstMissed = nextRunAt;
  plan.next = schedule.nextAfter(now);
  return plan;
}

}  // namespace georep::dr
