// Unit tests of dr::ZonedSchedule: next runs in IANA zones, across DST gaps (a skipped local time runs at
// the transition, once) and overlaps (a repeated local time runs once), zone refusals, never-firing
// expressions. Expected instants were checked against Python's zoneinfo.
#include <gtest/gtest.h>

#include <date/date.h>

#include <string>

#include "dr/schedule_error.h"
#include "dr/zoned_schedule.h"

namespace georep::dr {
namespace {

Instant utc(int y, unsigned mo, unsigned d, int h, int mi, int s = 0) {
  return Instant{(date::sys_days{date::year{y} / mo / d} + std::chrono::hours(h) + std::chrono::minutes(mi) +
                  std::chrono::seconds(s))
                     .time_since_epoch()};
}

std::string iso(const std::optional<Instant>& t) { return t ? date::format("%FT%TZ", *t) : "none"; }

TEST(ZonedScheduleTest, NextIsStrictlyAfter) {
  const auto s = ZonedSchedule::make("*/15 * * * *", "UTC", utc(2026, 1, 1, 0, 0));
  EXPECT_EQ(iso(s.nextAfter(utc(2026, 1, 1, 0, 7, 30))), "2026-01-01T00:15:00Z");
  EXPECT_EQ(iso(s.nextAfter(utc(2026, 1, 1, 0, 15))), "2026-01-01T00:30:00Z");
  EXPECT_EQ(iso(s.nextAfter(utc(2026, 12, 31, 23, 59, 59))), "2027-01-01T00:00:00Z");
}

TEST(ZonedScheduleTest, LocalTimeInTheZone) {
  const auto s = ZonedSchedule::make("0 9 * * *", "America/New_York", utc(2026, 1, 1, 0, 0));
  EXPECT_EQ(iso(s.nextAfter(utc(2026, 1, 15, 12, 0))), "2026-01-15T14:00:00Z");  // EST, -5
  EXPECT_EQ(iso(s.nextAfter(utc(2026, 7, 15, 12, 0))), "2026-07-15T13:00:00Z");  // EDT, -4
}

TEST(ZonedScheduleTest, VixieOrRuleOnTheCalendar) {
  // Friday OR the 13th: Friday 6 February comes first, then Friday 13 (both), then Friday 20.
  const auto s = ZonedSchedule::make("0 9 13 * fri", "UTC", utc(2026, 2, 1, 0, 0));
  auto t = s.nextAfter(utc(2026, 2, 1, 0, 0));
  EXPECT_EQ(iso(t), "2026-02-06T09:00:00Z");
  t = s.nextAfter(*t);
  EXPECT_EQ(iso(t), "2026-02-13T09:00:00Z");
  t = s.nextAfter(*t);
  EXPECT_EQ(iso(t), "2026-02-20T09:00:00Z");
  const auto march13 = ZonedSchedule::make("0 9 13 * fri", "UTC", utc(2026, 2, 1, 0, 0)).nextAfter(utc(2026, 3, 7, 0, 0));
  EXPECT_EQ(iso(march13), "2026-03-13T09:00:00Z");  // a Friday and the 13th
}

TEST(ZonedScheduleTest, SkippedLocalTimeRunsAtTheTransitionOnce) {
  // Paris, 29 March 2026: 02:00 CET jumps to 03:00 CEST (01:00Z). 02:30 never exists that night.
  const auto daily = ZonedSchedule::make("30 2 * * *", "Europe/Paris", utc(2026, 3, 1, 0, 0));
  EXPECT_EQ(iso(daily.nextAfter(utc(2026, 3, 27, 12, 0))), "2026-03-28T01:30:00Z");
  EXPECT_EQ(iso(daily.nextAfter(utc(2026, 3, 28, 12, 0))), "2026-03-29T01:00:00Z");
  EXPECT_EQ(iso(daily.nextAfter(utc(2026, 3, 29, 1, 0))), "2026-03-30T00:30:00Z");
  // Every 15 minutes: 02:00, 02:15, 02:30, 02:45 all fall in the gap and make ONE run at the transition.
  const auto quarter = ZonedSchedule::make("*/15 * * * *", "Europe/Paris", utc(2026, 3, 1, 0, 0));
  auto t = quarter.nextAfter(utc(2026, 3, 29, 0, 40));
  EXPECT_EQ(iso(t), "2026-03-29T00:45:00Z");  // 01:45 CET
  t = quarter.nextAfter(*t);
  EXPECT_EQ(iso(t), "2026-03-29T01:00:00Z");  // the transition (03:00 CEST)
  t = quarter.nextAfter(*t);
  EXPECT_EQ(iso(t), "2026-03-29T01:15:00Z");  // 03:15 CEST
}

TEST(ZonedScheduleTest, RepeatedLocalTimeRunsOnce) {
  // Paris, 25 October 2026: 03:00 CEST falls back to 02:00 CET (01:00Z); 02:xx happens twice.
  const auto daily = ZonedSchedule::make("30 2 * * *", "Europe/Paris", utc(2026, 10, 1, 0, 0));
  auto t = daily.nextAfter(utc(2026, 10, 24, 12, 0));
  EXPECT_EQ(iso(t), "2026-10-25T00:30:00Z");  // first 02:30 (CEST)
  t = daily.nextAfter(*t);
  EXPECT_EQ(iso(t), "2026-10-26T01:30:00Z");  // not 01:30Z on the 25th (the second 02:30)
  const auto halfHourly = ZonedSchedule::make("*/30 * * * *", "Europe/Paris", utc(2026, 10, 1, 0, 0));
  t = halfHourly.nextAfter(utc(2026, 10, 24, 23, 59));
  EXPECT_EQ(iso(t), "2026-10-25T00:00:00Z");  // 02:00 CEST
  t = halfHourly.nextAfter(*t);
  EXPECT_EQ(iso(t), "2026-10-25T00:30:00Z");  // 02:30 CEST
  t = halfHourly.nextAfter(*t);
  EXPECT_EQ(iso(t), "2026-10-25T02:00:00Z");  // 03:00 CET: the repeated 02:00 and 02:30 CET do not run
  // Asked from inside the repeated hour (02:10 CET = 01:10Z), the next run is still 03:00 CET.
  EXPECT_EQ(iso(halfHourly.nextAfter(utc(2026, 10, 25, 1, 10))), "2026-10-25T02:00:00Z");
}

TEST(ZonedScheduleTest, HalfHourDstShift) {
  // Lord Howe Island shifts by 30 minutes: 5 April 2026 02:00 LHDT (+11) falls back to 01:30 LHST (+10:30).
  const auto s = ZonedSchedule::make("45 1 * * *", "Australia/Lord_Howe", utc(2026, 3, 1, 0, 0));
  auto t = s.nextAfter(utc(2026, 4, 4, 0, 0));
  EXPECT_EQ(iso(t), "2026-04-04T14:45:00Z");  // 01:45 LHDT on the 5th, first occurrence
  EXPECT_EQ(iso(s.nextAfter(*t)), "2026-04-05T15:15:00Z");  // 01:45 LHST on the 6th
}

TEST(ZonedScheduleTest, TwentyNinthOfFebruaryAcrossTheNonLeap2100) {
  const auto s = ZonedSchedule::make("0 0 29 2 *", "UTC", utc(2026, 1, 1, 0, 0));
  EXPECT_EQ(iso(s.nextAfter(utc(2026, 1, 1, 0, 0))), "2028-02-29T00:00:00Z");
  EXPECT_EQ(iso(s.nextAfter(utc(2096, 3, 1, 0, 0))), "2104-02-29T00:00:00Z");
}

void expectRefused(const std::string& cron, const std::string& zone, ScheduleErrorKind kind) {
  try {
    ZonedSchedule::make(cron, zone, utc(2026, 1, 1, 0, 0));
    ADD_FAILURE() << "accepted " << cron << " in " << zone;
  } catch (const ScheduleError& e) {
    EXPECT_EQ(e.kind(), kind) << cron << " in " << zone << ": " << e.what();
  }
}

TEST(ZonedScheduleTest, RefusesUnknownZonesAndPathsAndNeverFiringExpressions) {
  for (const char* zone : {"", "Mars/Olympus_Mons", "Europe/Pariss", "/etc/passwd", "../../etc/passwd",
                           "Europe/../../../etc/passwd", "right/Europe/Paris", "posix/Europe/Paris", "localtime",
                           "Europe/Paris ", "Europe//Paris", "Europe/Paris\n"}) {
    expectRefused("@daily", zone, ScheduleErrorKind::kUnknownZone);
  }
  expectRefused("0 0 30 2 *", "UTC", ScheduleErrorKind::kNeverFires);
  expectRefused("0 0 31 4,6,9,11 *", "Europe/Paris", ScheduleErrorKind::kNeverFires);
  expectRefused("61 * * * *", "UTC", ScheduleErrorKind::kBadCron);
}

TEST(ZonedScheduleTest, AcceptsPlainZoneNames) {
  for (const char* zone : {"UTC", "Etc/UTC", "Europe/Paris", "America/Argentina/Buenos_Aires", "Asia/Kolkata",
                           "Etc/GMT+5", "America/Port-au-Prince"}) {
    EXPECT_NO_THROW(ZonedSchedule::make("@hourly", zone, utc(2026, 1, 1, 0, 0))) << zone;
  }
  // 31 April never exists, but the OR rule makes this "every Monday of April".
  EXPECT_EQ(iso(ZonedSchedule::make("0 0 31 4 mon", "UTC", utc(2026, 1, 1, 0, 0)).nextAfter(utc(2026, 1, 1, 0, 0))),
            "2026-04-06T00:00:00Z");
}

}  // namespace
}  // namespace georep::dr
