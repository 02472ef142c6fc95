// ConnectionLimiter and ByteBudget: the caps on connections (in total and per address) and on body bytes
// held at once, and their RAII slots giving their count back.
#include "engine/src/http/byte_budget.h"
#include "engine/src/http/connection_limiter.h"

#include <gtest/gtest.h>

namespace georep::engine {
namespace {

TEST(ConnectionLimiter, CapsPerAddressAndInTotalAndReleasesSlots) {
  ConnectionLimiter limiter(5, 2);
  ConnectionLimiter::Refusal refusal{};
  auto a1 = limiter.tryAdmit("10.0.0.1", refusal);
  auto a2 = limiter.tryAdmit("10.0.0.1", refusal);
  ASSERT_TRUE(a1 && a2);
  EXPECT_EQ(limiter.tryAdmit("10.0.0.1", refusal), nullptr);
  EXPECT_EQ(refusal, ConnectionLimiter::Refusal::kPerAddress);
  auto b1 = limiter.tryAdmit("10.0.0.2", refusal);
  auto b2 = limiter.tryAdmit("10.0.0.2", refusal);
  auto c1 = limiter.tryAdmit("10.0.0.3", refusal);
  ASSERT_TRUE(b1 && b2 && c1);
  EXPECT_EQ(limiter.open(), 5u);
  EXPECT_EQ(limiter.tryAdmit("10.0.0.4", refusal), nullptr);
  EXPECT_EQ(refusal, ConnectionLimiter::Refusal::kTotal);
  a1.reset();
  EXPECT_EQ(limiter.open(), 4u);
  EXPECT_NE(limiter.tryAdmit("10.0.0.1", refusal), nullptr);  // admitted, then released at once
  EXPECT_EQ(refusal, ConnectionLimiter::Refusal::kNone);
  EXPECT_EQ(limiter.open(), 4u);
}

TEST(ByteBudget, ReservesUpToItsCapacityAndNeverWrapsAround) {
  ByteBudget budget(100);
  auto a = budget.tryReserve(60);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(budget.tryReserve(41), nullptr);
  auto b = budget.tryReserve(40);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(budget.used(), 100u);
  EXPECT_EQ(budget.tryReserve(static_cast<std::size_t>(-1)), nullptr);
  a.reset();
  EXPECT_EQ(budget.used(), 40u);
  EXPECT_NE(budget.tryReserve(60), nullptr);
  EXPECT_EQ(budget.used(), 40u);
}

}  // namespace
}  // namespace georep::engine
