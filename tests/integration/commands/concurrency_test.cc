// Commands on one session are serialized: two dispatches of the same command at once run one after the
// other (the second then sees the new state and is refused), or the second gets `conflict` when the first
// outlasts the lock wait. Either way the action is sent once and nothing is lost.
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "command_fixture.h"
#include "eligibility_scripts.h"

namespace georep::testing {
namespace {

using namespace std::chrono_literals;

class ConcurrencyTest : public CommandTest {
 protected:
  int countSent(const std::string& needle) {
    int n = 0;
    for (const auto& s : sent()) n += s.find(needle) != std::string::npos ? 1 : 0;
    return n;
  }
};

TEST_F(ConcurrencyTest, TwoStopsAtOnceRunOneAfterTheOther) {
  const auto id = seedSession("Active", "Active");
  fake().on({"geo-replication", "stop"}, {0, readFixture("stop_ok.xml"), ""}, 300ms);
  fake().on({"geo-replication", "mastervol", "status"}, {0, statusXml("Stopped", "Stopped"), ""});
  auto a = std::async(std::launch::async, [&] { return dispatch("georep.session.stop", {{"session_id", id}}); });
  auto b = std::async(std::launch::async, [&] { return dispatch("georep.session.stop", {{"session_id", id}}); });
  const auto ra = a.get();
  const auto rb = b.get();
  const int oks = (ra.ok ? 1 : 0) + (rb.ok ? 1 : 0);
  EXPECT_EQ(oks, 1);
  const auto& refused = ra.ok ? rb : ra;
  EXPECT_EQ(codeOf(refused), "conflict");
  EXPECT_EQ(std::string(refused.error->what()), "the session is already STOPPED");
  EXPECT_EQ(countSent(" stop"), 1);  // glusterd saw one stop
  EXPECT_EQ(session(id)->status, gluster::AggregateStatus::kStopped);
  auto names = events_.names();
  EXPECT_EQ(std::count(names.begin(), names.end(), "georep.session.stopped"), 1);
  EXPECT_EQ(std::count(names.begin(), names.end(), "georep.session.stop_failed"), 1);
}

TEST_F(ConcurrencyTest, SecondCommandPastTheLockWaitGetsConflict) {
  deps_->options.lockWait = 200ms;
  const auto id = seedSession("Active", "Active");
  fake().on({"geo-replication", "stop"}, {0, readFixture("stop_ok.xml"), ""}, 1500ms);
  fake().on({"geo-replication", "mastervol", "status"}, {0, statusXml("Stopped", "Stopped"), ""});
  auto a = std::async(std::launch::async, [&] { return dispatch("georep.session.stop", {{"session_id", id}}); });
  std::this_thread::sleep_for(300ms);  // a holds the session
  const auto rb = dispatch("georep.session.pause", {{"session_id", id}});
  EXPECT_EQ(codeOf(rb), "conflict");
  EXPECT_EQ(rb.error->details()["reason"], "busy");
  const auto ra = a.get();
  ASSERT_TRUE(ra.ok) << ra.error->toJson().dump();
  EXPECT_EQ(countSent(" pause"), 0);
  EXPECT_EQ(session(id)->status, gluster::AggregateStatus::kStopped);
}

TEST_F(ConcurrencyTest, CommandsOnDifferentSessionsDoNotWaitForEachOther) {
  const auto first = seedSession("Active", "Active");
  // A second session of the same volume, to slavevol2.
  std::int64_t second = 0;
  {
    auto lease = db_->database().lease(std::chrono::seconds(10));
    soci::session& sql = lease.sql();
    auto s = *deps_->sessions.findById(sql, first);
    dao::NewSession n;
    n.clusterId = s.clusterId;
    n.masterVolumeId = s.masterVolumeId;
    n.sessionKey = "6661d41d-619e-467f-8b44-0f4066203ac7:ssh://vm::slavevol2:ab65290b-0fe3-4bf4-9f55-fe4b882eec2a";
    n.secondaryHost = "vm";
    n.secondaryVolume = "slavevol2";
    n.status = gluster::AggregateStatus::kActive;
    second = deps_->sessions.insert(sql, n);
  }
  deps_->options.lockWait = 100ms;
  fake().on({"geo-replication", "vm::slavevol", "stop"}, {0, readFixture("stop_ok.xml"), ""}, 800ms);
  fake().on({"geo-replication", "vm::slavevol2", "stop"}, {0, readFixture("stop_ok.xml"), ""});
  fake().on({"geo-replication", "mastervol", "status"},
            {0, statusXml("Stopped", "Stopped"), ""});
  auto a = std::async(std::launch::async, [&] { return dispatch("georep.session.stop", {{"session_id", first}}); });
  std::this_thread::sleep_for(200ms);
  // The listing only has slavevol's session: the second stop fails its read-back (absent), but it ran:
  // it was not blocked by the first session's lock.
  const auto rb = dispatch("georep.session.stop", {{"session_id", second}});
  EXPECT_NE(codeOf(rb), "conflict");
  EXPECT_TRUE(a.get().ok);
}

TEST_F(ConcurrencyTest, TwoCreatesOfOnePairCreateOnce) {
  ASSERT_TRUE(dispatch("georep.volume.refresh", {{"cluster", "c1"}}).ok);
  fake().on({"geo-replication", "mastervol", "vm::slavevol2", "create"}, {0, readFixture("create_ok.xml"), ""}, 300ms);
  fake().on({"geo-replication", "mastervol", "status"}, {0, statusXml("Created", "Created", "slavevol2"), ""});
  fake().onFixture({"geo-replication", "mastervol", "vm::slavevol2", "config"}, "config.xml");
  scriptMasterEligibility(fake());
  scriptSameClusterSecondaries(fake());
  // slavevol2 is in the master's own glusterd (same_cluster): force, as on the lab.
  const nlohmann::json p{{"cluster", "c1"}, {"master_volume", "mastervol"}, {"secondary_host", "vm"},
                         {"secondary_volume", "slavevol2"}, {"force", true}};
  auto a = std::async(std::launch::async, [&] { return dispatch("georep.session.create", p); });
  auto b = std::async(std::launch::async, [&] { return dispatch("georep.session.create", p); });
  const auto ra = a.get();
  const auto rb = b.get();
  EXPECT_EQ((ra.ok ? 1 : 0) + (rb.ok ? 1 : 0), 1);
  EXPECT_EQ(codeOf(ra.ok ? rb : ra), "conflict");
  EXPECT_EQ(countSent(" create"), 1);
  EXPECT_EQ(count("georep_sessions"), 1);
}

}  // namespace
}  // namespace georep::testing
