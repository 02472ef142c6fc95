// ScheduleError: why a DR schedule (cron expression + IANA time zone) was refused, as a kind the command
// layer maps to a typed `invalid_argument` on the right field, and a message fit for the operator.
// Thread-safety: an immutable value.
#pragma once

#include <stdexcept>
#include <string>

namespace georep::dr {

enum class ScheduleErrorKind {
  kBadCron,      // the expression does not parse (field count, syntax, value out of range, bad step)
  kUnknownZone,  // the time zone is not an IANA zone name known to the OS tzdata
  kNeverFires,   // the expression parses but names no existing time (e.g. 30 February)
};

class ScheduleError : public std::invalid_argument {
 public:
  ScheduleError(ScheduleErrorKind kind, const std::string& message) : std::invalid_argument(message), kind_(kind) {}
  ScheduleErrorKind kind() const noexcept { return kind_; }

 private:
  ScheduleErrorKind kind_;
};

}  // namespace georep::dr
