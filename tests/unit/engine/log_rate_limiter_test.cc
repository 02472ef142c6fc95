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

TEST(LogRateLimiter, AFloodThatStopsIsReportedOnceItsIntervalEnds) {
  LogRateLimiter limiter(1, 10s);
  const auto t0 = LogRateLimiter::Clock::time_point{} + 1h;
  EXPECT_TRUE(limiter.admit("malformed", t0).log);
  for (int i = 0; i < 7; ++i) EXPECT_FALSE(limiter.admit("malformed", t0 + 1s).log);
  EXPECT_TRUE(limiter.takeSuppressed(t0 + 9s).empty());  // the interval is still running
  const auto ended = limiter.takeSuppressed(t0 + 10s);
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(ended[0], std::make_pair(std::string("malformed"), std::size_t{7}));
  EXPECT_TRUE(limiter.takeSuppressed(t0 + 20s).empty());  // reported once
  EXPECT_EQ(limiter.admit("malformed", t0 + 21s).suppressed, 0u);
}

}  // namespace
}  // namespace georep::engine
