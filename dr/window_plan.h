// planWindows: what a DR policy's scheduler does at a tick, as a pure function of the schedule, the
// stored next run and now. Every scheduled window in [nextRunAt, now] is due; the LATEST one is run now
// (a catch-up when the engine was down: a DR copy late is better than none), the earlier ones are missed
// (counted and reported, never run). The new next run is the first window after now.
// Thread-safety: pure function.
#pragma once

#include <cstdint>
#include <optional>

#include "dr/zoned_schedule.h"

namespace georep::dr {

struct WindowPlan {
  std::optional<Instant> due;           // the window to run now; none when nextRunAt is still ahead
  std::int64_t missed = 0;              // due windows before it, not run
  std::optional<Instant> firstMissed;   // the earliest of those
  std::optional<Instant> next;          // the new next run (none only if the schedule has no future window)
};

// Counting stops after kMaxCountedWindows (a per-minute schedule after years down): `missed` is then a
// lower bound.
inline constexpr std::int64_t kMaxCountedWindows = 1000000;

WindowPlan planWindows(const ZonedSchedule& schedule, Instant nextRunAt, Instant now);

}  // namespace georep::dr
