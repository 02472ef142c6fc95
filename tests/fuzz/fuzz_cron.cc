// libFuzzer target: the DR cron parser and next-run computation (dr/). The first byte picks a time zone,
// the rest is the expression. Parsing may only fail with ScheduleError; an accepted schedule's next runs
// strictly increase, and each lands on a local wall time the expression matches, or on a zone transition
// (a scheduled time skipped by a DST gap runs at the transition).
#include <date/date.h>
#include <date/tz.h>

#include <array>
#include <string>

#include "dr/cron_expression.h"
#include "dr/schedule_error.h"
#include "dr/zoned_schedule.h"
#include "fuzz_check.h"

namespace {

constexpr std::array<const char*, 6> kZones{"UTC", "Europe/Paris", "America/New_York", "Australia/Lord_Howe",
                                            "Pacific/Chatham", "Asia/Kolkata"};

bool landsOnMatch(const georep::dr::CronExpression& cron, const date::time_zone& zone, georep::dr::Instant t) {
  const auto info = zone.get_info(t);
  if (info.begin == t) return true;  // a zone transition: where a skipped wall time runs
  const date::local_seconds wall = zone.to_local(t);
  const date::local_days day = date::floor<date::days>(wall);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<std::chrono::seconds> time{wall - day};
  return time.seconds().count() == 0 && cron.matchesMinute(static_cast<unsigned>(time.minutes().count())) &&
         cron.matchesHour(static_cast<unsigned>(time.hours().count())) &&
         cron.matchesMonth(static_cast<unsigned>(ymd.month())) &&
         cron.matchesDay(static_cast<unsigned>(ymd.day()), date::weekday{day}.c_encoding());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace georep;
  if (size == 0) return 0;
  const char* zoneName = kZones[data[0] % kZones.size()];
  const std::string_view text = fuzz::asText(data + 1, size - 1);
  const dr::Instant reference{date::sys_days{date::year{2026} / 3 / 28}.time_since_epoch()};
  try {
    const dr::ZonedSchedule schedule = dr::ZonedSchedule::make(text, zoneName, reference);
    const date::time_zone& zone = dr::lookupZone(zoneName);
    dr::Instant at = reference;
    for (int i = 0; i < 4; ++i) {
      const auto next = schedule.nextAfter(at);
      if (!next) break;
      fuzz::check(*next > at);
      fuzz::check(landsOnMatch(schedule.cron(), zone, *next));
      at = *next;
    }
  } catch (const dr::ScheduleError& e) {
    fuzz::check(e.what() != nullptr && e.what()[0] != '\0');
  }
  return 0;
}
