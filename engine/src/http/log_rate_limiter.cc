#include "engine/src/http/log_rate_limiter.h"

#include <spdlog/spdlog.h>

namespace georep::engine {

LogRateLimiter::LogRateLimiter(std::size_t linesPerInterval, Clock::duration interval)
    : linesPerInterval_(linesPerInterval), interval_(interval) {}

LogRateLimiter::Decision LogRateLimiter::admit(std::string_view kind, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = windows_.find(kind);
  if (it == windows_.end()) it = windows_.emplace(std::string(kind), Window{now, 0, 0}).first;
  Window& window = it->second;
  if (now - window.start >= interval_) {
    window.start = now;
    window.written = 0;
  }
  if (window.written >= linesPerInterval_) {
    ++window.suppressed;
    return {};
  }
  ++window.written;
  Decision decision{true, window.suppressed};
  window.suppressed = 0;
  return decision;
}

std::vector<std::pair<std::string, std::size_t>> LogRateLimiter::takeSuppressed(Clock::time_point now) {
  std::vector<std::pair<std::string, std::size_t>> ended;
  std::lock_guard lock(mutex_);
  for (auto& [kind, window] : windows_) {
    if (window.suppressed > 0 && now - window.start >= interval_) {
      ended.emplace_back(kind, window.suppressed);
      window.suppressed = 0;
    }
  }
  return ended;
}

void LogRateLimiter::reportSuppressed() {
  for (const auto& [kind, count] : takeSuppressed(Clock::now()))
    spdlog::warn("http: suppressed {} more '{}' line(s) (at most {} per {} s)", count, kind, linesPerInterval_,
                 std::chrono::duration_cast<std::chrono::seconds>(interval_).count());
}

void LogRateLimiter::emit(bool warning, std::string_view kind, const std::string& message) {
  const Decision decision = admit(kind, Clock::now());
  if (!decision.log) return;
  const auto level = warning ? spdlog::level::warn : spdlog::level::info;
  if (decision.suppressed > 0)
    spdlog::log(level, "http: suppressed {} more '{}' line(s) (at most {} per {} s)", decision.suppressed, kind,
                 linesPerInterval_, std::chrono::duration_cast<std::chrono::seconds>(interval_).count());
  spdlog::log(level, "http: {}", message);
}

}  // namespace georep::engine
