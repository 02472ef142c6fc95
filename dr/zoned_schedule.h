// ZonedSchedule: a CronExpression read in an IANA time zone (the OS tzdata, through Howard Hinnant's
// date/tz), and the next-run computation. The rule for wall-clock times that DST makes odd: a scheduled
// local time runs at the EARLIEST instant whose local wall-clock reading is at or after it. So
//  - a local time skipped by a spring-forward gap runs at the transition itself (02:30 that never exists
//    runs at the instant the clocks jump, 03:00 new time), once, however many scheduled times the gap held;
//  - a local time repeated by a fall-back overlap runs once, at its first occurrence.
// Thread-safety: immutable after make(); const members may be used concurrently (the tz database is
// loaded once, thread-safely, by the date library).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "dr/cron_expression.h"

namespace date {
class time_zone;
}

namespace georep::dr {

using Instant = std::chrono::time_point<std::chrono::system_clock, std::chrono::seconds>;

class ZonedSchedule {
 public:
  // How far ahead a next run is searched for (covers the 8-year gap between two 29 Februaries around 2100).
  static constexpr int kSearchYears = 9;

  // Parses `cron` and looks `zoneName` up; throws ScheduleError: kBadCron, kUnknownZone, or kNeverFires
  // when the expression names no time that exists (30 February) within kSearchYears of `reference`.
  static ZonedSchedule make(std::string_view cron, std::string_view zoneName,
                            Instant reference = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));

  // The first scheduled instant strictly after `after`; nullopt when none lies within kSearchYears.
  std::optional<Instant> nextAfter(Instant after) const;

  const CronExpression& cron() const { return cron_; }
  const std::string& zoneName() const { return zoneName_; }

 private:
  ZonedSchedule(CronExpression cron, const date::time_zone* zone, std::string zoneName)
      : cron_(std::move(cron)), zone_(zone), zoneName_(std::move(zoneName)) {}

  CronExpression cron_;
  const date::time_zone* zone_;
  std::string zoneName_;
};

// Looks an IANA zone name up in the OS tzdata; throws ScheduleError(kUnknownZone). Only plain zone names
// are accepted (letters, digits, '_', '-', '+', '/'; no leading '/', no '..', at most 64 characters; not
// the leap-second "right/" or "posix/" copies nor the host-dependent "localtime"/"posixrules").
const date::time_zone& lookupZone(std::string_view zoneName);

}  // namespace georep::dr
