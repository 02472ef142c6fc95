#include "dr/zoned_schedule.h"

#include <date/date.h>
#include <date/tz.h>

#include "dr/schedule_error.h"

namespace georep::dr {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

bool zoneNameCharsOk(std::string_view name) {
  if (name.empty() || name.size() > 64 || name.front() == '/' || name.back() == '/') return false;
  if (name.find("..") != std::string_view::npos || name.find("//") != std::string_view::npos) return false;
  for (char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '-' || c == '+' || c == '/';
    if (!ok) return false;
  }
  return !(name.starts_with("right/") || name.starts_with("posix/") || name == "localtime" || name == "posixrules");
}

// The earliest instant whose wall-clock reading in `zone` is at or after `wall` (see the header).
Instant resolve(const date::time_zone& zone, date::local_seconds wall) {
  const date::local_info info = zone.get_info(wall);
  if (info.result == date::local_info::nonexistent) return Instant{info.first.end.time_since_epoch()};
  // unique, or ambiguous: `first` is the earlier of the two occurrences.
  return Instant{wall.time_since_epoch() - info.first.offset};
}

}  // namespace

const date::time_zone& lookupZone(std::string_view zoneName) {
  if (!zoneNameCharsOk(zoneName)) {
    throw ScheduleError(ScheduleErrorKind::kUnknownZone,
                        "'" + std::string(zoneName.substr(0, 64)) + "' is not an IANA time zone name (e.g. Europe/Paris, UTC)");
  }
  try {
    return *date::locate_zone(zoneName);
  } catch (const std::exception&) {
    throw ScheduleError(ScheduleErrorKind::kUnknownZone,
                        "unknown time zone '" + std::string(zoneName) + "' (an IANA name, e.g. Europe/Paris, UTC)");
  }
}

ZonedSchedule ZonedSchedule::make(std::string_view cron, std::string_view zoneName, Instant reference) {
  CronExpression expression = CronExpression::parse(cron);
  const date::time_zone& zone = lookupZone(zoneName);
  ZonedSchedule schedule(std::move(expression), &zone, std::string(zoneName));
  if (!schedule.nextAfter(reference)) {
    throw ScheduleError(ScheduleErrorKind::kNeverFires,
                        "cron expression '" + schedule.cron_.text() + "' names no time that exists (e.g. 30 February)");
  }
  return schedule;
}

std::optional<Instant> ZonedSchedule::nextAfter(Instant after) const {
  // Every wall time at or before the wall reading of `after` resolves to `after` or earlier, so the
  // search starts at the next whole local minute and walks matching wall times in order; the first whose
  // resolved instant is later than `after` wins (a fall-back overlap may need a few steps).
  const date::local_seconds afterWall = zone_->to_local(after);
  date::local_seconds wall = date::floor<minutes>(afterWall) + minutes(1);
  const date::local_seconds limit = wall + date::days(366 * kSearchYears);
  while (wall < limit) {
    const date::local_days day = date::floor<date::days>(wall);
    const date::year_month_day ymd{day};
    if (!cron_.matchesMonth(static_cast<unsigned>(ymd.month()))) {
      const date::year_month next = date::year_month{ymd.year(), ymd.month()} + date::months(1);
      wall = date::local_days{next / 1};
      continue;
    }
    if (!cron_.matchesDay(static_cast<unsigned>(ymd.day()), date::weekday{day}.c_encoding())) {
      wall = day + date::days(1);
      continue;
    }
    const auto sinceMidnight = wall - day;
    const auto hour = date::floor<hours>(sinceMidnight);
    if (!cron_.matchesHour(static_cast<unsigned>(hour.count()))) {
      wall = day + hour + hours(1);
      continue;
    }
    const auto minute = date::floor<minutes>(sinceMidnight - hour);
    if (!cron_.matchesMinute(static_cast<unsigned>(minute.count()))) {
      wall += minutes(1);
      continue;
    }
    const Instant at = resolve(*zone_, wall);
    if (at > after) return at;
    wall += minutes(1);
  }
  return std::nullopt;
}

}  // namespace georep::dr
