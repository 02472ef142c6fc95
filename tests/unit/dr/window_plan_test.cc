// Unit tests of dr::planWindows: which window runs at a tick, how many were missed, the next run.
#include <gtest/gtest.h>

#include <date/date.h>

#include "dr/window_plan.h"

namespace georep::dr {
namespace {

Instant utc(int y, unsigned mo, unsigned d, int h, int mi) {
  return Instant{(date::sys_days{date::year{y} / mo / d} + std::chrono::hours(h) + std::chrono::minutes(mi)).time_since_epoch()};
}

TEST(WindowPlanTest, NothingDueBeforeTheNextRun) {
  const auto s = ZonedSchedule::make("*/10 * * * *", "UTC", utc(2026, 1, 1, 0, 0));
  const auto plan = planWindows(s, utc(2026, 1, 1, 12, 0), utc(2026, 1, 1, 11, 59));
  EXPECT_FALSE(plan.due);
  EXPECT_EQ(plan.missed, 0);
  EXPECT_EQ(plan.next, utc(2026, 1, 1, 12, 0));
}

TEST(WindowPlanTest, OnTimeWindowRunsAndNothingIsMissed) {
  const auto s = ZonedSchedule::make("*/10 * * * *", "UTC", utc(2026, 1, 1, 0, 0));
  const auto plan = planWindows(s, utc(2026, 1, 1, 12, 0), utc(2026, 1, 1, 12, 0));
  EXPECT_EQ(plan.due, utc(2026, 1, 1, 12, 0));
  EXPECT_EQ(plan.missed, 0);
  EXPECT_FALSE(plan.firstMissed);
  EXPECT_EQ(plan.next, utc(2026, 1, 1, 12, 10));
}

TEST(WindowPlanTest, AfterDowntimeTheLatestRunsAndTheOthersAreMissed) {
  const auto s = ZonedSchedule::make("*/10 * * * *", "UTC", utc(2026, 1, 1, 0, 0));
  const auto plan = planWindows(s, utc(2026, 1, 1, 12, 0), utc(2026, 1, 1, 13, 5));
  EXPECT_EQ(plan.due, utc(2026, 1, 1, 13, 0));
  EXPECT_EQ(plan.missed, 6);  // 12:00 .. 12:50
  EXPECT_EQ(plan.firstMissed, utc(2026, 1, 1, 12, 0));
  EXPECT_EQ(plan.next, utc(2026, 1, 1, 13, 10));
}

TEST(WindowPlanTest, DaysDownInAZoneWithDst) {
  // Daily 02:30 Paris from 27 to 31 March 2026: 28th, 29th (at the transition), 30th, 31st due at noon 31st.
  const auto s = ZonedSchedule::make("30 2 * * *", "Europe/Paris", utc(2026, 3, 1, 0, 0));
  const auto plan = planWindows(s, utc(2026, 3, 28, 1, 30), utc(2026, 3, 31, 12, 0));
  EXPECT_EQ(plan.due, utc(2026, 3, 31, 0, 30));
  EXPECT_EQ(plan.missed, 3);
  EXPECT_EQ(plan.next, utc(2026, 4, 1, 0, 30));
}

}  // namespace
}  // namespace georep::dr
