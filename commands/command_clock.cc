// The system CommandClock (commands/command_clock.h).
#include "commands/command_clock.h"

#include <thread>

namespace georep::commands {
namespace {

class SystemCommandClock : public CommandClock {
 public:
  TimePoint now() const override { return std::chrono::system_clock::now(); }
  void sleepUntil(TimePoint when) override { std::this_thread::sleep_until(when); }
};

}  // namespace

CommandClock& systemCommandClock() {
  static SystemCommandClock clock;
  return clock;
}

}  // namespace georep::commands
