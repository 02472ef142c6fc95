// SessionLock on a real PostgreSQL: a second locker of the same session waits (bounded) and gets in when
// the first releases; past the bound it gets LockBusy; other sessions are independent; the sync job's
// transaction-scoped try-lock sees a command's lock; pair locks serialize creations of one pair.
#include "dao/session_lock.h"

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include "engine/api/command_error.h"

#include "dao_fixture.h"

namespace georep::testing {
namespace {

using namespace std::chrono_literals;
using dao::LockBusy;
using dao::SessionLock;

class SessionLockTest : public DaoTest {};

// Runs `work` on a thread of its own, as another command would (a thread holds at most one lease);
// its result or exception comes back here.
template <typename Work>
auto onOtherThread(Work work) {
  return std::async(std::launch::async, std::move(work)).get();
}

TEST_F(SessionLockTest, SecondLockerWaitsUntilTheFirstReleases) {
  auto first = std::make_unique<SessionLock>(SessionLock::forSession(database(), 42, 1s));
  std::atomic<bool> released{false};
  auto second = std::async(std::launch::async, [&] {
    auto lock = SessionLock::forSession(database(), 42, 10s);
    return released.load();  // must only get in after the release
  });
  EXPECT_EQ(second.wait_for(300ms), std::future_status::timeout);
  released = true;
  first.reset();
  EXPECT_TRUE(second.get());
}

TEST_F(SessionLockTest, WaitIsBoundedAndReportsBusy) {
  auto first = SessionLock::forSession(database(), 7, 1s);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(onOtherThread([&] { return SessionLock::forSession(database(), 7, 200ms); }), LockBusy);
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, 150ms);
  EXPECT_LT(waited, 5s);
  EXPECT_THROW(onOtherThread([&] { return SessionLock::forSession(database(), 7, 0ms); }), LockBusy);  // no wait at all
  // Another session is independent.
  EXPECT_NO_THROW(onOtherThread([&] { return SessionLock::forSession(database(), 8, 0ms); }));
}

TEST_F(SessionLockTest, LockedConnectionIsUsableAndReturnedToThePool) {
  // The pool has 4 connections: locking more sessions than that in sequence must not leak any.
  for (int i = 0; i < 10; ++i) {
    auto lock = SessionLock::forSession(database(), i, 1s);
    long long one = 0;
    lock.sql() << "SELECT 1::bigint", soci::into(one);
    EXPECT_EQ(one, 1);
  }
  // And the lock is really gone after release: the xact try-lock succeeds.
  auto lease = database().lease(std::chrono::seconds(10));
  soci::session& sql = lease.sql();
  soci::transaction tr(sql);
  EXPECT_TRUE(SessionLock::tryLockForTransaction(sql, 3));
  tr.rollback();
}

TEST_F(SessionLockTest, SyncJobTryLockSkipsASessionHeldByACommand) {
  auto command = std::make_unique<SessionLock>(SessionLock::forSession(database(), 5, 1s));
  soci::session sql(soci::postgresql, db_->connectString());  // the sync job: another client
  {
    soci::transaction tr(sql);
    EXPECT_FALSE(SessionLock::tryLockForTransaction(sql, 5));
    EXPECT_TRUE(SessionLock::tryLockForTransaction(sql, 6));
    // While the sync job holds 6 in its transaction, a command on 6 cannot get in.
    EXPECT_THROW(onOtherThread([&] { return SessionLock::forSession(database(), 6, 0ms); }), LockBusy);
    tr.commit();
  }
  EXPECT_NO_THROW(onOtherThread([&] { return SessionLock::forSession(database(), 6, 0ms); }));  // released at commit
  command.reset();
  soci::transaction tr(sql);
  EXPECT_TRUE(SessionLock::tryLockForTransaction(sql, 5));
  tr.commit();
}

TEST_F(SessionLockTest, PairLocksSerializeOnePairOnly) {
  auto a = SessionLock::forPair(database(), clusterId_, "mastervol", "vm", "slavevol", 1s);
  EXPECT_THROW(onOtherThread([&] { return SessionLock::forPair(database(), clusterId_, "mastervol", "vm", "slavevol", 100ms); }), LockBusy);
  EXPECT_NO_THROW(onOtherThread([&] { return SessionLock::forPair(database(), clusterId_, "mastervol", "vm", "slavevol2", 0ms); }));
  // Pair keys do not collide with session keys.
  EXPECT_NO_THROW(onOtherThread([&] { return SessionLock::forSession(database(), 1, 0ms); }));
}

TEST_F(SessionLockTest, ExhaustedPoolIsBusyNotAHang) {
  std::vector<SessionLock> held;
  // Other threads hold every pooled connection (one thread holds at most one lease).
  for (int i = 0; i < 4; ++i) {
    held.push_back(onOtherThread([&, i] { return SessionLock::forSession(database(), 100 + i, 1s); }));
  }
  const auto start = std::chrono::steady_clock::now();
  try {
    SessionLock::forSession(database(), 200, 200ms);
    FAIL() << "locked with every connection in use";
  } catch (const api::CommandError& e) {
    EXPECT_EQ(e.code(), api::ErrorCode::kUnavailable) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  held.clear();
  EXPECT_NO_THROW(onOtherThread([&] { return SessionLock::forSession(database(), 200, 1s); }));
}

}  // namespace
}  // namespace georep::testing
