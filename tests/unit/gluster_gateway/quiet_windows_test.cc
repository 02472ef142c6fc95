// QuietWindows: a held window keeps other threads' calls out until it is released (its holder's own calls
// pass, and it may hold it again: nested holds), two threads never hold one window at once, a window starts
// only when the calls in flight have returned, windows of different clusters are
// independent, and a call waits at most maxCallWait. Each "does not pass" check waits 200 ms: a broken
// window lets the call through at once, a working one never does.
#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "gluster/quiet_windows.h"

namespace georep::gluster {
namespace {

using namespace std::chrono_literals;

TEST(QuietWindows, ACallFromAnotherThreadWaitsUntilTheWindowIsReleased) {
  QuietWindows windows;
  auto hold = std::make_optional(windows.hold(7, 1s));
  EXPECT_TRUE(windows.held(7));
  std::atomic<bool> passed{false};
  std::thread caller([&] {
    auto call = windows.enter(7);
    passed = true;
  });
  std::this_thread::sleep_for(200ms);
  EXPECT_FALSE(passed.load()) << "a call went through a held window";
  hold.reset();
  caller.join();
  EXPECT_TRUE(passed.load());
  EXPECT_FALSE(windows.held(7));
}

TEST(QuietWindows, TheHolderPassesThroughItsOwnWindow) {
  QuietWindows windows;
  auto hold = windows.hold(7, 1s);
  auto call = windows.enter(7);  // would wait maxCallWait (6 min) if the holder were kept out
  SUCCEED();
}

TEST(QuietWindows, ANestedHoldEndsWithTheOutermostOne) {
  // The session create holds the window and its create action (sendAction) holds it again.
  QuietWindows windows;
  auto outer = std::make_optional(windows.hold(7, 1s));
  auto inner = std::make_optional(windows.hold(7, 1s));  // would wait maxCallWait (6 min) if not nested
  inner.reset();
  EXPECT_TRUE(windows.held(7)) << "the inner hold's end ended the outer window";
  std::atomic<bool> passed{false};
  std::thread caller([&] {
    auto call = windows.enter(7);
    passed = true;
  });
  std::this_thread::sleep_for(200ms);
  EXPECT_FALSE(passed.load()) << "a call went through the outer window after the inner hold ended";
  outer.reset();
  caller.join();
  EXPECT_FALSE(windows.held(7));
}

TEST(QuietWindows, AnotherThreadsHoldWaitsForTheWindowToEnd) {
  // Two session actions on one cluster: the second is sent once the first has returned.
  QuietWindows windows;
  auto first = std::make_optional(windows.hold(7, 1s));
  std::atomic<bool> second{false};
  std::thread other([&] {
    auto hold = windows.hold(7, 1s);
    second = true;
  });
  std::this_thread::sleep_for(200ms);
  EXPECT_FALSE(second.load()) << "two threads held one cluster's window at once";
  first.reset();
  other.join();
  EXPECT_TRUE(second.load());
}

TEST(QuietWindows, OtherClustersAreNotHeld) {
  QuietWindows windows;
  auto hold = windows.hold(7, 1s);
  auto other = std::async(std::launch::async, [&] { auto call = windows.enter(8); });
  EXPECT_EQ(other.wait_for(5s), std::future_status::ready);
  EXPECT_FALSE(windows.held(8));
}

TEST(QuietWindows, AWindowStartsOnlyOnceTheCallsInFlightHaveReturned) {
  QuietWindows windows;
  auto call = std::make_optional(windows.enter(7));
  std::atomic<bool> holding{false};
  std::thread holder([&] {
    auto hold = windows.hold(7, 60s);
    holding = true;
  });
  std::this_thread::sleep_for(200ms);
  EXPECT_FALSE(holding.load()) << "the window started while a call was in flight";
  call.reset();
  holder.join();
  EXPECT_TRUE(holding.load());
}

TEST(QuietWindows, ACallWaitsAtMostMaxCallWaitThenGoesAhead) {
  QuietWindows windows(100ms);
  auto hold = windows.hold(7, 1s);
  auto caller = std::async(std::launch::async, [&] { auto call = windows.enter(7); });
  EXPECT_EQ(caller.wait_for(10s), std::future_status::ready) << "a call stayed blocked past maxCallWait";
  EXPECT_TRUE(windows.held(7));
}

}  // namespace
}  // namespace georep::gluster
