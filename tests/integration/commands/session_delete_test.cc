// georep.session.delete: only STOPPED or CREATED sessions; delete on a host; read back until the session is
// no longer listed (including "no session at all", which --xml reports like a failure); the row and its
// children go in one transaction.
#include <gtest/gtest.h>

#include "command_fixture.h"

namespace georep::testing {
namespace {

class SessionDeleteTest : public CommandTest {
 protected:

  void noSessionsLeft() {
    fake().on({"--xml", "geo-replication", "mastervol", "status"}, {2, "geo-replication command failed\n", ""});
    fake().on({"geo-replication", "mastervol", "status"}, {1, "No active geo-replication sessions for mastervol\n", ""});
  }
};

TEST_F(SessionDeleteTest, DeletesTheLastSessionAndItsRows) {
  const auto id = seedSession("Stopped", "Stopped");
  fake().onFixture({"geo-replication", "vm::slavevol", "delete"}, "delete_ok.xml");
  noSessionsLeft();
  auto out = dispatch("georep.session.delete", {{"session_id", id}, {"reset_sync_time", true}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(sent(), (std::vector<std::string>{"volume geo-replication mastervol vm::slavevol delete reset-sync-time",
                                              "volume info mastervol", "volume geo-replication mastervol status",
                                              "volume geo-replication mastervol status"}));
  EXPECT_TRUE(out.result["deleted"]);
  EXPECT_FALSE(session(id).has_value());
  EXPECT_EQ(count("georep_session_bricks"), 0);
  EXPECT_EQ(count("georep_session_config"), 0);
  EXPECT_EQ(count("georep_volumes"), 1);  // the master volume stays
  const auto e = lastEvent();
  EXPECT_EQ(e.name, "georep.session.deleted");
  EXPECT_EQ(e.body["previous_status"], "STOPPED");
  EXPECT_EQ(e.body["reset_sync_time"], true);
}

TEST_F(SessionDeleteTest, OtherSessionsOfTheVolumeStillListed) {
  const auto id = seedSession("Created", "Created");
  fake().onFixture({"geo-replication", "delete"}, "delete_ok.xml");
  // The volume still has a session to slavevol2: the listing is valid and ours is absent from it.
  fake().on({"geo-replication", "mastervol", "status"}, {0, statusXml("Active", "Active", "slavevol2"), ""});
  auto out = dispatch("georep.session.delete", {{"session_id", id}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(sent().at(0), "volume geo-replication mastervol vm::slavevol delete");
  EXPECT_FALSE(session(id).has_value());
}

TEST_F(SessionDeleteTest, ForceDeletesWhateverTheStoredState) {
  const auto id = seedSession("Faulty", "Faulty");
  auto out = dispatch("georep.session.delete", {{"session_id", id}});
  ASSERT_EQ(codeOf(out), "conflict");
  EXPECT_EQ(out.error->details()["status"], "FAULTY");
  EXPECT_EQ(fake().callCount(), 0u);

  fake().onFixture({"geo-replication", "vm::slavevol", "delete"}, "delete_ok.xml");
  noSessionsLeft();
  out = dispatch("georep.session.delete", {{"session_id", id}, {"force", true}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  // GlusterFS's delete has no force of its own: the same delete is sent.
  EXPECT_EQ(sent().at(0), "volume geo-replication mastervol vm::slavevol delete");
  EXPECT_FALSE(session(id).has_value());
  EXPECT_EQ(lastEvent().body["force"], true);
}

TEST_F(SessionDeleteTest, StoppedSessionWithANodeDownIsStoppedAndCanBeDeleted) {
  // The second brick's node does not answer: its pair is missing from status (Offline). The session is
  // still STOPPED (it used to read FAULTY and delete refused it).
  const auto id = seedSession("Stopped", "Stopped");
  std::string xml = statusXml("Stopped", "Stopped");
  const auto second = xml.find("<pair>", xml.find("<pair>") + 1);
  xml.erase(second, xml.find("</pair>", second) + 7 - second);
  {
    api::DbLease lease = db_->database().lease(std::chrono::seconds(5));
    soci::session& sql = lease.sql();
    auto master = gluster::parseVolumeInfo(readFixture("volinfo.xml")).at(0);
    const auto health = gluster::assessSession(master, gluster::parseStatus(xml).sessions.at(0));
    ASSERT_EQ(health.status, gluster::AggregateStatus::kStopped);
    deps_->sessions.updateStatus(sql, id, health.status, health.rawWorkerStates);
  }
  fake().onFixture({"geo-replication", "vm::slavevol", "delete"}, "delete_ok.xml");
  noSessionsLeft();
  auto out = dispatch("georep.session.delete", {{"session_id", id}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_FALSE(session(id).has_value());
}

TEST_F(SessionDeleteTest, DeleteThatMayHaveRunIsReadBackNotResent) {
  const auto id = seedSession("Stopped", "Stopped");
  fake("vm").fail({"geo-replication", "delete"},
                  gluster::GatewayError(gluster::ErrorKind::kUnreachable, "connection to vm lost while the command ran"));
  fake("vm2").onFixture({"geo-replication", "delete"}, "delete_ok.xml");
  fake("vm2").onFixture({"volume", "info"}, "volinfo.xml");
  fake("vm2").on({"--xml", "geo-replication", "mastervol", "status"}, {2, "geo-replication command failed\n", ""});
  fake("vm2").on({"geo-replication", "mastervol", "status"}, {1, "No active geo-replication sessions for mastervol\n", ""});
  auto out = dispatch("georep.session.delete", {{"session_id", id}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  for (const auto& s : sent("vm2")) EXPECT_EQ(s.find("delete"), std::string::npos) << "re-sent: " << s;
  EXPECT_FALSE(session(id).has_value());  // done: the read-back no longer lists it
}

TEST_F(SessionDeleteTest, DeleteThatMayHaveRunButIsStillListedIsNotDone) {
  const auto id = seedSession("Stopped", "Stopped");
  fake("vm").fail({"geo-replication", "delete"}, gluster::GatewayError(gluster::ErrorKind::kTimeout, "timed out"));
  fake("vm2").onFixture({"geo-replication", "delete"}, "delete_ok.xml");
  fake("vm2").onFixture({"volume", "info"}, "volinfo.xml");
  fake("vm2").on({"geo-replication", "mastervol", "status"}, {0, statusXml("Stopped", "Stopped"), ""});
  const auto before = snapshotTables();
  auto out = dispatch("georep.session.delete", {{"session_id", id}});
  ASSERT_EQ(codeOf(out), "unavailable");
  EXPECT_EQ(out.error->details()["outcome"], "not_done");
  for (const auto& s : sent("vm2")) EXPECT_EQ(s.find("delete"), std::string::npos) << "re-sent: " << s;
  EXPECT_EQ(snapshotTables(), before);
}

TEST_F(SessionDeleteTest, RunningSessionIsAConflict) {
  const auto id = seedSession("Active", "Passive");
  auto out = dispatch("georep.session.delete", {{"session_id", id}});
  EXPECT_EQ(codeOf(out), "conflict");
  EXPECT_EQ(out.error->details()["status"], "ACTIVE");
  EXPECT_EQ(fake().callCount(), 0u);
  EXPECT_TRUE(session(id).has_value());
  EXPECT_EQ(lastEvent().name, "georep.session.delete_failed");
}

TEST_F(SessionDeleteTest, StillActiveRefusalIsAConflict) {
  const auto id = seedSession("Stopped", "Stopped");
  fake().on({"geo-replication", "delete"},
            {0, refusalXml(-1, 30814, "geo-replication session between mastervol and vm::slavevol is still active. "
                                      "Please stop the session and retry."), ""});
  auto out = dispatch("georep.session.delete", {{"session_id", id}});
  EXPECT_EQ(codeOf(out), "conflict");
  EXPECT_EQ(out.error->details()["kind"], "still_active");
  EXPECT_EQ(out.error->details()["op_errno"], 30814);
  EXPECT_TRUE(session(id).has_value());
}

TEST_F(SessionDeleteTest, AcceptedButStillListedKeepsTheRow) {
  const auto id = seedSession("Stopped", "Stopped");
  fake().onFixture({"geo-replication", "delete"}, "delete_ok.xml");
  fake().on({"geo-replication", "mastervol", "status"}, {0, statusXml("Stopped", "Stopped"), ""});
  const auto before = snapshotTables();
  auto out = dispatch("georep.session.delete", {{"session_id", id}});
  EXPECT_EQ(codeOf(out), "gluster_error");
  EXPECT_EQ(out.error->details()["observed"], "STOPPED");
  EXPECT_EQ(snapshotTables(), before);
}

TEST_F(SessionDeleteTest, FailedListingIsNotTakenForAbsence) {
  const auto id = seedSession("Stopped", "Stopped");
  fake().onFixture({"geo-replication", "delete"}, "delete_ok.xml");
  fake().on({"--xml", "geo-replication", "mastervol", "status"}, {2, "geo-replication command failed\n", ""});
  fake().on({"geo-replication", "mastervol", "status"}, {1, "", "Volume mastervol does not exist\n"});
  auto out = dispatch("georep.session.delete", {{"session_id", id}});
  EXPECT_NE(codeOf(out), "ok");
  EXPECT_TRUE(session(id).has_value());
}

}  // namespace
}  // namespace georep::testing
