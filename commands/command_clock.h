// CommandClock: the wall clock the commands read and wait on (checkpoint read-back, read-back polling),
// an interface so that tests drive time without sleeping. systemCommandClock() is the real one.
// Thread-safety: implementations must allow concurrent calls (the system clock does).
#pragma once

#include <chrono>

namespace georep::commands {

class CommandClock {
 public:
  using TimePoint = std::chrono::system_clock::time_point;
  virtual ~CommandClock() = default;
  virtual TimePoint now() const = 0;
  virtual void sleepUntil(TimePoint when) = 0;
};

// The process's wall clock (std::chrono::system_clock, std::this_thread::sleep_until).
CommandClock& systemCommandClock();

}  // namespace georep::commands
