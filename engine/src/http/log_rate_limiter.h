// LogRateLimiter: keeps a flood of bad requests from flooding the log. Each kind of message ("malformed
// request", "header timeout", ...) may log at most N lines per interval; the rest of that interval is
// counted, and the next line of that kind that is let through is preceded by one "suppressed K" line.
// admit() and takeSuppressed() are the pure decisions (the clock is passed in, for tests); warn(), info()
// and reportSuppressed() log through spdlog.
// Thread-safety: all methods may be called concurrently (one mutex; held only to update counters).
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace georep::engine {

class LogRateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  struct Decision {
    bool log = false;            // write this line
    std::size_t suppressed = 0;  // lines of this kind dropped since the last one written (report first)
  };

  LogRateLimiter(std::size_t linesPerInterval, Clock::duration interval);

  Decision admit(std::string_view kind, Clock::time_point now);

  // For kinds whose interval has ended with lines suppressed: returns {kind, count} and resets the count,
  // so a flood that stops still gets its "suppressed K" line (the server calls reportSuppressed() on a timer).
  std::vector<std::pair<std::string, std::size_t>> takeSuppressed(Clock::time_point now);
  void reportSuppressed();

  // Log "http: <message>" at warning or info level when admitted, after a "suppressed K" line when some
  // lines of that kind were dropped.
  void warn(std::string_view kind, const std::string& message) { emit(true, kind, message); }
  void info(std::string_view kind, const std::string& message) { emit(false, kind, message); }

 private:
  void emit(bool warning, std::string_view kind, const std::string& message);

  struct Window {
    Clock::time_point start;
    std::size_t written = 0;
    std::size_t suppressed = 0;
  };

  const std::size_t linesPerInterval_;
  const Clock::duration interval_;
  std::mutex mutex_;
  std::map<std::string, Window, std::less<>> windows_;
};

}  // namespace georep::engine
