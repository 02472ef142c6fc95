// LoginThrottle with an injected clock: free failures, doubling delays capped at 15 minutes, per user
// and per address, forgetting, and success clearing the user.
#include "engine/src/auth/login_throttle.h"

#include <gtest/gtest.h>

namespace georep::engine::auth {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

class LoginThrottleTest : public ::testing::Test {
 protected:
  std::chrono::steady_clock::time_point now_{std::chrono::hours(1000)};
  LoginThrottle throttle_{[this] { return now_; }};
};

TEST_F(LoginThrottleTest, FiveFailuresAreFreeThenTheDelayDoublesUpToFifteenMinutes) {
  for (int i = 0; i < LoginThrottle::kFreeFailures; ++i) {
    EXPECT_FALSE(throttle_.retryAfter("alice", "10.0.0.1")) << i;
    throttle_.recordFailure("alice", "10.0.0.1");
  }
  EXPECT_FALSE(throttle_.retryAfter("alice", "10.0.0.1")) << "the fifth failure is still free";
  seconds expected{1};
  for (int i = 0; i < 15; ++i) {
    throttle_.recordFailure("alice", "10.0.0.1");
    const auto wait = throttle_.retryAfter("alice", "10.0.0.1");
    ASSERT_TRUE(wait) << i;
    EXPECT_EQ(*wait, expected) << i;
    now_ += *wait - seconds(1);
    EXPECT_TRUE(throttle_.retryAfter("alice", "10.0.0.1")) << "still blocked one second before the end";
    now_ += seconds(1);
    EXPECT_FALSE(throttle_.retryAfter("alice", "10.0.0.1")) << "free again when the delay is over";
    expected = std::min<seconds>(expected * 2, LoginThrottle::kMaxDelay);
  }
  EXPECT_EQ(expected, minutes(15));
}

TEST_F(LoginThrottleTest, TheUserIsThrottledFromEveryAddressAndTheAddressForEveryUser) {
  for (int i = 0; i < 6; ++i) throttle_.recordFailure("alice", "10.0.0." + std::to_string(i));
  EXPECT_TRUE(throttle_.retryAfter("alice", "192.168.1.1")) << "spreading guesses over addresses does not help";
  EXPECT_FALSE(throttle_.retryAfter("bob", "192.168.1.1"));

  for (int i = 0; i < 6; ++i) throttle_.recordFailure("user" + std::to_string(i), "203.0.113.9");
  EXPECT_TRUE(throttle_.retryAfter("carol", "203.0.113.9")) << "spraying user names from one address does not help";
  EXPECT_FALSE(throttle_.retryAfter("carol", "203.0.113.10"));
}

TEST_F(LoginThrottleTest, SuccessClearsTheUserAndOldFailuresAreForgotten) {
  for (int i = 0; i < 5; ++i) throttle_.recordFailure("alice", "10.0.0.1");
  throttle_.recordSuccess("alice");
  throttle_.recordFailure("alice", "10.0.0.2");
  EXPECT_FALSE(throttle_.retryAfter("alice", "10.0.0.2")) << "a success starts the user's count again";

  for (int i = 0; i < 5; ++i) throttle_.recordFailure("bob", "10.0.0.3");
  now_ += LoginThrottle::kForgetAfter;
  throttle_.recordFailure("bob", "10.0.0.3");
  EXPECT_FALSE(throttle_.retryAfter("bob", "10.0.0.3")) << "failures 15 minutes old are forgotten";
}

TEST_F(LoginThrottleTest, MemoryIsBoundedYetTheTargetedUserStaysThrottled) {
  // An attacker rotating through more addresses than the throttle tracks, all against one user.
  for (std::size_t i = 0; i < LoginThrottle::kMaxKeys + 10; ++i) {
    throttle_.recordFailure("alice", "addr-" + std::to_string(i));
  }
  EXPECT_TRUE(throttle_.retryAfter("alice", "addr-fresh"));
  EXPECT_FALSE(throttle_.retryAfter("bob", "addr-fresh"));
  // Once the tracked failures are stale they are pruned and new keys are tracked again.
  now_ += LoginThrottle::kMaxDelay + LoginThrottle::kForgetAfter;
  for (int i = 0; i < 6; ++i) throttle_.recordFailure("carol", "addr-late");
  EXPECT_TRUE(throttle_.retryAfter("dave", "addr-late"));
}

}  // namespace
}  // namespace georep::engine::auth
