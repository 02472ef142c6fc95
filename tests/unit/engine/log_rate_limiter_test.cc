// LogRateLimiter: at most N lines per kind per interval, then one "suppressed K" count on the next line.
#include "engine/src/http/log_rate_limiter.h"

#include <gtest/gtest.h>

namespace georep::engine {
namespace {

using namespace std::chrono_literals;

TEST(LogRateLimiter, AFloodLogsNLinesThenReportsHowManyWereDropped) {
  LogRateLimiter limiter(3, 10s);
  const auto t0 = LogRateLimiter::Clock::time_point{} + 1h;
  for (int i = 0; i < 3; ++i) {
    const auto d = limiter.admit("malformed", t0 + std::chrono::milliseconds(i));
    EXPECT_TRUE(d.log);
    EXPECT_EQ(d.suppressed, 0u);
  }
  for (int i = 0; i < 1000; ++i) EXPECT_FALSE(limiter.admit("malformed", t0 + 5s).log);
  const auto next = limiter.admit("malformed", t0 + 10s);
  EXPECT_TRUE(next.log);
  EXPECT_EQ(next.suppressed, 1000u);
  EXPECT_EQ(limiter.admit("malformed", t0 + 11s).suppressed, 0u);
}

TEST(LogRateLimiter, KindsAreCountedSeparately) {
  LogRateLimiter limiter(1, 10s);
  const auto t0 = LogRateLimiter::Clock::time_point{} + 1h;
  EXPECT_TRUE(limiter.admit("malformed", t0).log);
  EXPECT_FALSE(limiter.admit("malformed", t0).log);
  EXPECT_TRUE(limiter.admit("body-limit", t0).log);
}

}  // namespace
}  // namespace georep::engine
