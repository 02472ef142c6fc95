// LeadershipManager against a real PostgreSQL (in-process managers standing for engines, each with its own
// dedicated connection): one leader per cluster; a clean stop hands over at the next tick; a leader whose
// connection was cut is replaced only after its lease expired, and by then it no longer claims to lead; a
// frozen leader (no more ticks, connection left open: SIGSTOP) is detected by its idle connection, ended and
// replaced, and its late write is refused by the epoch fence, also when it froze inside a cycle's
// transaction holding the leadership row; a cluster removed from the inventory is let go.
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "engine/src/leadership/leadership_manager.h"
#include "support/test_database.h"

namespace georep::engine {
namespace {

using georep::testing::TestDatabase;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr auto kTick = 200ms;
constexpr auto kLease = 1500ms;  // generous: this machine is often loaded

class LeadershipManagerTest : public ::testing::Test {
 protected:
  std::unique_ptr<LeadershipManager> manager(const std::string& id) {
    LeadershipOptions o;
    o.engineId = id;
    o.tick = kTick;
    o.lease = kLease;
    return std::make_unique<LeadershipManager>(db_.connectString(), o);
  }

  std::int64_t addCluster(const std::string& name) {
    auto lease = db_.database().lease(10s);
    long long id = 0;
    lease.sql() << "INSERT INTO clusters (name, transport) VALUES (:n, 'local') RETURNING id", soci::use(name),
        soci::into(id);
    return id;
  }

  // Ticks every manager in `ticking` each kTick until pred() or the timeout; the time it took.
  template <typename Pred>
  std::chrono::milliseconds tickUntil(std::initializer_list<LeadershipManager*> ticking, Pred pred,
                                      std::chrono::milliseconds timeout = 10s) {
    const auto start = Clock::now();
    while (Clock::now() - start < timeout) {
      for (auto* m : ticking) m->tick();
      if (pred()) break;
      std::this_thread::sleep_for(kTick);
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  }

  long long epochOf(std::int64_t cluster) {
    auto lease = db_.database().lease(10s);
    long long e = 0;
    long long c = cluster;
    lease.sql() << "SELECT epoch FROM engine_cluster_leaders WHERE cluster_id = :c", soci::use(c), soci::into(e);
    return e;
  }

  TestDatabase db_{TestDatabase::Schema::kEngine};
};

TEST_F(LeadershipManagerTest, OneLeaderPerClusterAndACleanStopHandsOverAtTheNextTick) {
  const auto c1 = addCluster("c1");
  const auto c2 = addCluster("c2");
  auto a = manager("engine-a");
  auto b = manager("engine-b");
  a->tick();
  b->tick();
  ASSERT_EQ(a->leads(c1), 1);
  ASSERT_EQ(a->leads(c2), 1);
  EXPECT_FALSE(b->leads(c1));
  EXPECT_FALSE(b->leads(c2));
  for (int i = 0; i < 5; ++i) {  // renewals keep it; the other never gets it
    std::this_thread::sleep_for(kTick);
    a->tick();
    b->tick();
  }
  EXPECT_EQ(a->led().size(), 2u);
  EXPECT_TRUE(b->led().empty());

  a->stop();
  EXPECT_FALSE(a->leads(c1));
  b->tick();
  EXPECT_EQ(b->leads(c1), 2) << "a stopped engine expires its leases: the next tick takes over";
  EXPECT_EQ(b->leads(c2), 2);
}

TEST_F(LeadershipManagerTest, ACutConnectionIsReplacedOnlyAfterItsLeaseAndTheOldLeaderHasStoppedLeadingByThen) {
  const auto c1 = addCluster("c1");
  auto a = manager("engine-a");
  auto b = manager("engine-b");
  a->tick();
  ASSERT_EQ(a->leads(c1), 1);
  const auto cut = Clock::now();
  {  // the server ends a's leadership connection (network cut, backend killed): its lock goes with it
    auto lease = db_.database().lease(10s);
    int n = 0;
    lease.sql() << "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                   "WHERE application_name = 'georep-leadership' AND datname = current_database()",
        soci::into(n);
    ASSERT_EQ(n, 1);
  }
  bool aLedWhenBClaimed = true;
  const auto took = tickUntil({b.get()}, [&] {
    if (!b->leads(c1)) return false;
    aLedWhenBClaimed = a->leads(c1).has_value();
    return true;
  });
  ASSERT_EQ(b->leads(c1), 2);
  EXPECT_FALSE(aLedWhenBClaimed) << "the old leader's own clock must end its leadership before the hand-over";
  EXPECT_GE(Clock::now() - cut, kLease - 50ms) << "the lock was free, but the lease had to run out first";
  std::printf("hand-over after the leader's connection was cut: %lld ms (lease %lld ms, tick %lld ms)\n",
              static_cast<long long>(took.count()), static_cast<long long>(kLease.count()),
              static_cast<long long>(kTick.count()));
  a->tick();  // its heartbeat fails: it reconnects next tick and finds the cluster led
  a->tick();
  EXPECT_FALSE(a->leads(c1));
  EXPECT_EQ(b->leads(c1), 2);
}

TEST_F(LeadershipManagerTest, AFrozenLeaderIsEndedAndReplacedAndItsLateWriteIsFenced) {
  const auto c1 = addCluster("c1");
  auto a = manager("engine-a");
  auto b = manager("engine-b");
  a->tick();
  b->tick();
  ASSERT_EQ(a->leads(c1), 1);
  // a freezes (SIGSTOP): no more ticks, its connection stays open and keeps the advisory lock.
  const auto took = tickUntil({b.get()}, [&] { return b->leads(c1).has_value(); });
  ASSERT_EQ(b->leads(c1), 2) << "the challenger must end the frozen leader's connection";
  std::printf("hand-over from a frozen leader: %lld ms (lease %lld ms, tick %lld ms)\n",
              static_cast<long long>(took.count()), static_cast<long long>(kLease.count()),
              static_cast<long long>(kTick.count()));
  EXPECT_LT(took, 4 * kLease);
  EXPECT_FALSE(a->leads(c1)) << "its lease ran out by its own clock";
  {  // a wakes up in the middle of a cycle and tries to commit under its old epoch
    auto lease = db_.database().lease(10s);
    soci::transaction tr(lease.sql());
    EXPECT_FALSE(a->recordCycle(lease.sql(), c1, 1, 0ms));
    EXPECT_FALSE(a->checkEpoch(lease.sql(), c1, 1));
    EXPECT_TRUE(b->recordCycle(lease.sql(), c1, 2, 0ms));
    tr.commit();
  }
  a->tick();
  a->tick();
  EXPECT_FALSE(a->leads(c1));
  EXPECT_EQ(epochOf(c1), 2);
}

TEST_F(LeadershipManagerTest, ALeaderFrozenInsideACycleTransactionDoesNotBlockTheHandOverForEver) {
  const auto c1 = addCluster("c1");
  auto a = manager("engine-a");
  auto b = manager("engine-b");
  a->tick();
  ASSERT_EQ(a->leads(c1), 1);
  auto frozen = std::make_unique<api::DbLease>(db_.database().lease(10s));
  auto tr = std::make_unique<soci::transaction>(frozen->sql());
  ASSERT_TRUE(a->recordCycle(frozen->sql(), c1, 1, 0ms));  // holds the leadership row, then a freezes
  const auto took = tickUntil({b.get()}, [&] { return b->leads(c1).has_value(); });
  ASSERT_EQ(b->leads(c1), 2) << "idle_in_transaction_session_timeout must end the frozen transaction";
  std::printf("hand-over from a leader frozen inside its cycle's transaction: %lld ms\n",
              static_cast<long long>(took.count()));
  EXPECT_THROW(tr->commit(), std::exception) << "the frozen cycle's transaction must not commit";
  tr.reset();
  frozen.reset();
  auto lease = db_.database().lease(10s);  // the pool heals the connection the server ended
  long long cycles = -1;
  lease.sql() << "SELECT count(*) FROM engine_leader_cycles WHERE epoch = 1", soci::into(cycles);
  EXPECT_EQ(cycles, 0) << "the frozen leader's cycle was never recorded";
}

TEST_F(LeadershipManagerTest, ACycleTooSoonAfterThePreviousOneIsRefusedAcrossAHandOver) {
  const auto c1 = addCluster("c1");
  auto a = manager("engine-a");
  auto b = manager("engine-b");
  a->tick();
  {
    auto lease = db_.database().lease(10s);
    soci::transaction tr(lease.sql());
    ASSERT_TRUE(a->recordCycle(lease.sql(), c1, 1, 0ms));
    tr.commit();
  }
  a->stop();
  b->tick();
  ASSERT_EQ(b->leads(c1), 2);
  auto lease = db_.database().lease(10s);
  {
    soci::transaction tr(lease.sql());
    EXPECT_FALSE(b->recordCycle(lease.sql(), c1, 2, 60s)) << "the previous leader reconciled it a moment ago";
  }
  soci::transaction tr(lease.sql());
  EXPECT_TRUE(b->recordCycle(lease.sql(), c1, 2, 0ms));
  tr.commit();
  long long n = 0;
  lease.sql() << "SELECT count(*) FROM engine_leader_cycles", soci::into(n);
  EXPECT_EQ(n, 2);
}

TEST_F(LeadershipManagerTest, AClusterRemovedFromTheInventoryIsLetGo) {
  const auto c1 = addCluster("c1");
  const auto c2 = addCluster("c2");
  auto a = manager("engine-a");
  a->tick();
  ASSERT_EQ(a->led().size(), 2u);
  {
    auto lease = db_.database().lease(10s);
    long long id = c2;
    lease.sql() << "DELETE FROM clusters WHERE id = :c", soci::use(id);
  }
  a->tick();
  EXPECT_EQ(a->leads(c1), 1);
  EXPECT_FALSE(a->leads(c2));
  EXPECT_EQ(a->led().size(), 1u);
}

}  // namespace
}  // namespace georep::engine
