// Unit tests of which sessions' config the sync job reads in a cycle (sync-jobs/config_schedule.h).
#include "sync-jobs/config_schedule.h"

#include <gtest/gtest.h>

namespace georep::sync {
namespace {

using namespace std::chrono_literals;
using Ids = std::vector<std::int64_t>;

TEST(ConfigSchedule, DueSessionsFirstThenTheSweepWithinTheBudget) {
  ConfigSchedule schedule(3, 60s);
  const auto t0 = ConfigSchedule::Clock::time_point{} + 1h;
  const Ids ids{1, 2, 3, 4, 5, 6, 7};
  schedule.markDue(Ids{6, 99});                   // 99: another cluster's (or a deleted) session
  EXPECT_EQ(schedule.pick(1, ids, t0), (Ids{6, 1, 2}));
  EXPECT_EQ(schedule.pick(1, ids, t0), (Ids{3, 4, 5}));
  schedule.markDue(2);                            // a config command on a session already swept
  EXPECT_EQ(schedule.pick(1, ids, t0), (Ids{2, 6, 7}));  // 6 again: its turn in the sweep
  EXPECT_EQ(schedule.pick(1, ids, t0 + 59s), Ids{});     // the sweep is done; the next waits
  EXPECT_EQ(schedule.pick(1, ids, t0 + 60s), (Ids{1, 2, 3}));
  EXPECT_EQ(schedule.pick(2, Ids{99}, t0), (Ids{99}));   // still due, in its own cluster's run
}

TEST(ConfigSchedule, DueSessionsBeyondTheBudgetWaitForTheNextCycle) {
  ConfigSchedule schedule(2, 3600s);
  const auto t0 = ConfigSchedule::Clock::time_point{} + 1h;
  const Ids ids{10, 11, 12, 13, 14};
  schedule.markDue(ids);
  EXPECT_EQ(schedule.pick(1, ids, t0), (Ids{10, 11}));
  EXPECT_EQ(schedule.pick(1, ids, t0), (Ids{12, 13}));
  EXPECT_EQ(schedule.pick(1, ids, t0), (Ids{14, 10}));
  EXPECT_EQ(schedule.pick(1, Ids{10, 12, 14, 20}, t0), (Ids{12, 14}));  // 11 and 13 deleted meanwhile
  EXPECT_EQ(schedule.pick(1, Ids{10, 12, 14, 20}, t0), (Ids{20}));
  EXPECT_EQ(schedule.pick(1, Ids{10, 12, 14, 20}, t0), Ids{});
}

}  // namespace
}  // namespace georep::sync
