// CronExpression: a parsed 5-field cron schedule (minute hour day-of-month month day-of-week) with Vixie
// cron's semantics: numbers, ranges `a-b`, steps `*/n` and `a-b/n`, lists `x,y`, month and weekday names
// (jan..dec, sun..sat, case-insensitive), weekday 7 = Sunday, and the macros @hourly, @daily (@midnight),
// @weekly, @monthly, @yearly (@annually). Day matching as Vixie does it: when the day-of-month or the
// day-of-week field starts with `*`, a day must match both fields; otherwise either one (the OR rule).
// It knows nothing of time zones: ZonedSchedule applies it to local wall-clock time.
// Thread-safety: immutable after parse(); const members may be used concurrently.
#pragma once

#include <bitset>
#include <cstddef>
#include <string>
#include <string_view>

namespace georep::dr {

class CronExpression {
 public:
  // The longest expression accepted (checked before any parsing).
  static constexpr std::size_t kMaxLength = 200;

  // Parses `text`; throws ScheduleError(kBadCron) with a message naming the field and the fault.
  static CronExpression parse(std::string_view text);

  bool matchesMinute(unsigned minute) const { return minute < 60 && minutes_.test(minute); }
  bool matchesHour(unsigned hour) const { return hour < 24 && hours_.test(hour); }
  bool matchesMonth(unsigned month) const { return month >= 1 && month <= 12 && months_.test(month); }
  // dayOfMonth 1..31, weekday 0 (Sunday) .. 6 (Saturday); applies the Vixie OR/AND rule.
  bool matchesDay(unsigned dayOfMonth, unsigned weekday) const;

  // The expression as given, surrounding blanks trimmed (macros kept as written).
  const std::string& text() const { return text_; }

 private:
  CronExpression() = default;

  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> daysOfMonth_;  // bit 0 unused
  std::bitset<13> months_;       // bit 0 unused
  std::bitset<7> weekdays_;      // 0 = Sunday
  bool dayOfMonthStar_ = false;
  bool weekdayStar_ = false;
  std::string text_;
};

}  // namespace georep::dr
