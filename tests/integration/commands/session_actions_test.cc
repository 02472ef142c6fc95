// georep.session.start | stop | pause | resume: state checks against the stored state, the action on a
// host, the state read back until GlusterFS shows the expected one, one transaction, events; glusterd's
// refusals from the captures mapped; opRet 0 without the action happening is a failure that writes
// nothing.
#include <gtest/gtest.h>

#include "command_fixture.h"

namespace georep::testing {
namespace {

using gluster::AggregateStatus;
using gluster::WorkerStatus;

class SessionActionTest : public CommandTest {
 protected:
  void status(const std::string& first, const std::string& second) {
    fake().on({"geo-replication", "mastervol", "status"}, {0, statusXml(first, second), ""});
  }
  // How many times the action `verb` (start, stop, ...) was sent to glusterd.
  int actionsSent(const std::string& verb) {
    int n = 0;
    for (const auto& c : sent()) n += c.size() >= verb.size() + 1 && c.compare(c.size() - verb.size() - 1, std::string::npos, " " + verb) == 0;
    return n;
  }
};

TEST_F(SessionActionTest, StartRunsReadsBackAndStoresTheRunningState) {
  const auto id = seedSession("Stopped", "Stopped");
  fake().onFixture({"geo-replication", "vm::slavevol", "start"}, "start_ok.xml");
  status("Initializing...", "Initializing...");  // first read: workers starting
  status("Active", "Active");                     // then running
  auto out = dispatch("georep.session.start", {{"session_id", id}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(sent(), (std::vector<std::string>{"volume geo-replication mastervol vm::slavevol start",
                                              "volume info mastervol", "volume geo-replication mastervol status"}));
  EXPECT_EQ(out.result["status"], "INITIALIZING");  // the first read already shows running workers
  EXPECT_EQ(out.result["previous_status"], "STOPPED");
  EXPECT_EQ(session(id)->status, AggregateStatus::kInitializing);
  const auto bricks = sessionBricks(id);
  ASSERT_EQ(bricks.size(), 2u);
  EXPECT_EQ(bricks[0].workerStatus, WorkerStatus::kInitializing);

  const auto e = lastEvent();
  EXPECT_EQ(e.name, "georep.session.started");
  EXPECT_EQ(e.correlationId, out.correlationId);
  EXPECT_EQ(e.body["session_id"], id);
  EXPECT_EQ(e.body["previous_status"], "STOPPED");
  EXPECT_EQ(e.body["status"], "INITIALIZING");
}

TEST_F(SessionActionTest, ReadBackWaitsForTheExpectedState) {
  const auto id = seedSession("Active", "Active");
  fake().onFixture({"geo-replication", "vm::slavevol", "stop"}, "stop_ok.xml");
  status("Active", "Stopped");   // one worker still going down
  status("Stopped", "Stopped");
  auto out = dispatch("georep.session.stop", {{"session_id", id}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(sent().size(), 5u);  // stop + two reads
  EXPECT_EQ(out.result["status"], "STOPPED");
  EXPECT_EQ(session(id)->status, AggregateStatus::kStopped);
  EXPECT_EQ(sessionBricks(id)[1].workerStatus, WorkerStatus::kStopped);
  EXPECT_EQ(lastEvent().name, "georep.session.stopped");
}

TEST_F(SessionActionTest, StartRefusedByStoredState) {
  for (const auto& [workers, expected] : std::vector<std::pair<std::string, std::string>>{
           {"Active", "ACTIVE"}, {"Paused", "PAUSED"}}) {
    const auto id = seedSession(workers, workers);
    fake().clearRules();
    fake().onFixture({"volume", "info"}, "volinfo.xml");
    status(workers, workers);  // GlusterFS confirms the stored state
    auto out = dispatch("georep.session.start", {{"session_id", id}});
    EXPECT_EQ(codeOf(out), "conflict") << workers;
    EXPECT_EQ(out.error->details()["status"], expected);
    EXPECT_EQ(actionsSent("start"), 0) << "refused: nothing but the confirming read reached glusterd";
    EXPECT_EQ(lastEvent().name, "georep.session.start_failed");
    auto lease = db_->database().lease(std::chrono::seconds(10));
    soci::session& sql = lease.sql();
    deps_->sessions.remove(sql, id);
  }
}

TEST_F(SessionActionTest, StartForceOnARunningSessionIsSent) {
  const auto id = seedSession("Active", "Faulty");
  fake().onFixture({"geo-replication", "start", "force"}, "start_ok.xml");
  status("Active", "Passive");
  auto out = dispatch("georep.session.start", {{"session_id", id}, {"force", true}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(sent().at(0), "volume geo-replication mastervol vm::slavevol start force");
  EXPECT_EQ(out.result["previous_status"], "ACTIVE");  // one replica set with an Active worker
}

TEST_F(SessionActionTest, StartNeedsTheMasterVolumeStarted) {
  const auto id = seedSession("Stopped", "Stopped", gluster::VolumeState::kStopped);
  fake().clearRules();
  fake().on({"volume", "info"}, {0, volinfoXml("Stopped"), ""});
  auto out = dispatch("georep.session.start", {{"session_id", id}});
  EXPECT_EQ(codeOf(out), "conflict");
  EXPECT_EQ(out.error->details()["volume_status"], "Stopped");
  EXPECT_EQ(sent(), std::vector<std::string>{"volume info mastervol"});  // checked live, nothing started
}

TEST_F(SessionActionTest, StaleStoppedVolumeIsCheckedLiveAndStartProceeds) {
  const auto id = seedSession("Stopped", "Stopped", gluster::VolumeState::kStopped);
  fake().onFixture({"geo-replication", "start"}, "start_ok.xml");
  status("Active", "Passive");
  auto out = dispatch("georep.session.start", {{"session_id", id}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(sent().at(0), "volume info mastervol");
  EXPECT_EQ(sent().at(1), "volume geo-replication mastervol vm::slavevol start");
  auto lease = db_->database().lease(std::chrono::seconds(10));
  soci::session& sql = lease.sql();
  EXPECT_EQ(deps_->volumes.findByName(sql, cluster_.id, "mastervol")->state, gluster::VolumeState::kStarted);
}

TEST_F(SessionActionTest, AlreadyStartedRefusalIsAConflictWithGlusterdsMessage) {
  const auto id = seedSession("Stopped", "Stopped");  // stale: started behind the engine's back
  fake().onFixture({"geo-replication", "start"}, "err_start_started.xml");
  const auto before = snapshotTables();
  auto out = dispatch("georep.session.start", {{"session_id", id}});
  EXPECT_EQ(codeOf(out), "conflict");
  EXPECT_EQ(out.error->details()["kind"], "already_started");
  EXPECT_EQ(std::string(out.error->what()), "geo-replication session between mastervol & vm::slavevol already started");
  EXPECT_EQ(snapshotTables(), before);
  EXPECT_EQ(lastEvent().body["message"], "geo-replication session between mastervol & vm::slavevol already started");
}

TEST_F(SessionActionTest, AcceptedButNotActedIsAFailureThatWritesNothing) {
  // GLUSTER.md: pause of a session that is not running answers opRet 0 with "geo-replication is not set up".
  const auto id = seedSession("Active", "Active");  // stored running, but really stopped
  fake().on({"geo-replication", "pause"},
            {0, "<?xml version=\"1.0\"?><cliOutput><opRet>0</opRet><opErrno>0</opErrno><opErrstr>geo-replication "
                "is not set up</opErrstr><geoRep><primary>mastervol</primary><secondary>vm::slavevol</secondary>"
                "</geoRep></cliOutput>", ""});
  status("Stopped", "Stopped");
  const auto before = snapshotTables();
  auto out = dispatch("georep.session.pause", {{"session_id", id}});
  EXPECT_EQ(codeOf(out), "gluster_error");
  EXPECT_EQ(out.error->details()["expected"], "PAUSED (every reporting worker Paused)");
  EXPECT_EQ(out.error->details()["observed"], "STOPPED");
  EXPECT_EQ(out.error->details()["reads"], 3);
  EXPECT_EQ(snapshotTables(), before);
  EXPECT_EQ(session(id)->status, AggregateStatus::kActive);
  const auto e = lastEvent();
  EXPECT_EQ(e.name, "georep.session.pause_failed");
  EXPECT_EQ(e.severity, api::Severity::kError);
}

TEST_F(SessionActionTest, PauseAndResume) {
  const auto id = seedSession("Active", "Passive");
  fake().on({"geo-replication", "pause"}, {0, readFixture("stop_ok.xml"), ""});
  status("Paused", "Paused");
  auto out = dispatch("georep.session.pause", {{"session_id", id}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(session(id)->status, AggregateStatus::kPaused);
  EXPECT_EQ(lastEvent().name, "georep.session.paused");

  // Paused again: refused once GlusterFS confirms the stored state (one read), no pause sent.
  out = dispatch("georep.session.pause", {{"session_id", id}});
  EXPECT_EQ(codeOf(out), "conflict");
  EXPECT_EQ(actionsSent("pause"), 1);

  fake().on({"geo-replication", "resume"}, {0, readFixture("start_ok.xml"), ""});
  status("Active", "Passive");
  out = dispatch("georep.session.resume", {{"session_id", id}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(out.result["status"], "ACTIVE");
  EXPECT_EQ(out.result["previous_status"], "PAUSED");
  EXPECT_EQ(lastEvent().name, "georep.session.resumed");
  EXPECT_EQ(sessionBricks(id)[1].workerStatus, WorkerStatus::kPassive);
}

TEST_F(SessionActionTest, AlreadyPausedRefusalFromTheCapture) {
  const auto id = seedSession("Active", "Active");  // stale: paused behind the engine's back
  fake().onFixture({"geo-replication", "pause"}, "err_pause_paused.xml");
  auto out = dispatch("georep.session.pause", {{"session_id", id}});
  EXPECT_EQ(codeOf(out), "conflict");
  EXPECT_EQ(out.error->details()["kind"], "already_paused");
  EXPECT_EQ(out.error->details()["op_ret"], 2);
  EXPECT_EQ(std::string(out.error->what()), "Geo-replication session between mastervol and vm::slavevol already Paused.");
}

TEST_F(SessionActionTest, ResumeNeedsPausedAndStopNeedsRunning) {
  const auto running = seedSession("Active", "Active");
  auto out = dispatch("georep.session.resume", {{"session_id", running}});
  EXPECT_EQ(codeOf(out), "conflict");
  EXPECT_EQ(out.error->details()["status"], "ACTIVE");
  {
    auto lease = db_->database().lease(std::chrono::seconds(10));
    deps_->sessions.updateStatus(lease.sql(), running, AggregateStatus::kStopped, "");
  }
  fake().onFixture({"volume", "info"}, "volinfo.xml");
  status("Stopped", "Stopped");  // GlusterFS confirms the stored state
  out = dispatch("georep.session.stop", {{"session_id", running}});
  EXPECT_EQ(codeOf(out), "conflict");
  EXPECT_EQ(std::string(out.error->what()), "the session is already STOPPED");
  EXPECT_EQ(actionsSent("stop") + actionsSent("resume"), 0);
}

// A stored state that forbids the action is confirmed live before refusing: the sync job may have recorded
// a passing moment (after a config change GlusterFS reports the restarting workers Stopped for a few
// seconds, seen on the lab). Here GlusterFS reports the session running: the stop goes ahead.
TEST_F(SessionActionTest, StaleStoredStateIsConfirmedLiveBeforeRefusing) {
  const auto id = seedSession("Active", "Active");
  {
    auto lease = db_->database().lease(std::chrono::seconds(10));
    deps_->sessions.updateStatus(lease.sql(), id, AggregateStatus::kStopped, "");
  }
  fake().onFixture({"volume", "info"}, "volinfo.xml");
  status("Active", "Passive");  // the confirming read
  fake().onFixture({"geo-replication", "stop"}, "stop_ok.xml");
  status("Stopped", "Stopped");  // the read-back
  auto out = dispatch("georep.session.stop", {{"session_id", id}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(out.result["status"], "STOPPED");
  EXPECT_EQ(out.result["previous_status"], "ACTIVE");
  EXPECT_EQ(actionsSent("stop"), 1);

  // Unreadable: refused on the stored state, nothing sent.
  fake().clearRules();
  fake().fail({"volume", "info"}, gluster::GatewayError(gluster::ErrorKind::kUnreachable, "down").markNotSent());
  out = dispatch("georep.session.stop", {{"session_id", id}});
  EXPECT_EQ(codeOf(out), "conflict");
  EXPECT_EQ(std::string(out.error->what()), "the session is already STOPPED");
  EXPECT_EQ(actionsSent("stop"), 1);
}

TEST_F(SessionActionTest, StopForceIgnoresTheStoredStateAndOfflineBricksAreLeftOut) {
  const auto id = seedSession("Stopped", "Stopped");
  fake().onFixture({"geo-replication", "stop", "force"}, "stop_ok.xml");
  // Only the first brick reports (its node answered); the other is missing from status -> Offline.
  std::string xml = statusXml("Stopped", "Stopped");
  const auto second = xml.find("<pair>", xml.find("<pair>") + 1);
  xml.erase(second, xml.find("</pair>", second) + 7 - second);
  fake().on({"geo-replication", "mastervol", "status"}, {0, xml, ""});
  auto out = dispatch("georep.session.stop", {{"session_id", id}, {"force", true}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(sent().at(0), "volume geo-replication mastervol vm::slavevol stop force");
  EXPECT_EQ(out.result["offline_bricks"], 1);
  EXPECT_EQ(sessionBricks(id)[1].workerStatus, WorkerStatus::kOffline);
}

TEST_F(SessionActionTest, UnknownSessionIsNotFound) {
  auto out = dispatch("georep.session.stop", {{"session_id", 999}});
  EXPECT_EQ(codeOf(out), "not_found");
  EXPECT_EQ(out.error->field(), "session_id");
  EXPECT_EQ(lastEvent().name, "georep.session.stop_failed");
  out = dispatch("georep.session.stop", {{"session_id", 0}});
  EXPECT_EQ(codeOf(out), "invalid_argument");
  out = dispatch("georep.session.stop", {{"session_id", "1"}});
  EXPECT_EQ(codeOf(out), "invalid_argument");
}

TEST_F(SessionActionTest, NoHostAnsweringIsUnavailableAndWritesNothing) {
  const auto id = seedSession("Active", "Active");
  for (const char* h : {"vm", "vm2"}) {
    fake(h).fail({"geo-replication", "stop"},
                 gluster::GatewayError(gluster::ErrorKind::kUnreachable, "no route").markNotSent());
  }
  const auto before = snapshotTables();
  auto out = dispatch("georep.session.stop", {{"session_id", id}});
  EXPECT_EQ(codeOf(out), "unavailable");
  EXPECT_EQ(out.error->details()["kind"], "unreachable");
  EXPECT_EQ(snapshotTables(), before);
  EXPECT_EQ(hostState("vm"), api::HostState::kDown);
  EXPECT_EQ(hostState("vm2"), api::HostState::kDown);
}

// ---------------------------------------------------------------- actions whose outcome is unknown

int stopsSentTo(const std::vector<std::string>& sent) {
  int n = 0;
  for (const auto& s : sent) n += s.find(" stop") != std::string::npos ? 1 : 0;
  return n;
}

class UnknownOutcomeTest : public SessionActionTest {
 protected:
  // vm takes the stop and times out: it may have stopped the session. vm2 would accept a stop too.
  void stopTimesOutOnVm() {
    fake("vm").fail({"geo-replication", "stop"},
                    gluster::GatewayError(gluster::ErrorKind::kTimeout, "command on vm did not finish within 5000 ms"));
    fake("vm2").onFixture({"geo-replication", "stop"}, "stop_ok.xml");
    fake("vm2").onFixture({"volume", "info"}, "volinfo.xml");
  }
};

TEST_F(UnknownOutcomeTest, StopThatMayHaveRunIsReadBackNotResent) {
  const auto id = seedSession("Active", "Active");
  stopTimesOutOnVm();
  fake("vm2").on({"geo-replication", "mastervol", "status"}, {0, statusXml("Stopped", "Stopped"), ""});
  auto out = dispatch("georep.session.stop", {{"session_id", id}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(stopsSentTo(sent("vm")), 1);
  EXPECT_EQ(stopsSentTo(sent("vm2")), 0) << "stop was sent again to another host";
  EXPECT_EQ(session(id)->status, AggregateStatus::kStopped);  // done: the read-back saw it stopped
  EXPECT_NE(out.result["outcome_was_unknown"].get<std::string>().find("vm"), std::string::npos);
  EXPECT_EQ(lastEvent().name, "georep.session.stopped");
}

TEST_F(UnknownOutcomeTest, StopThatDidNotTakeEffectIsNotDoneAndWritesNothing) {
  const auto id = seedSession("Active", "Active");
  stopTimesOutOnVm();
  fake("vm2").on({"geo-replication", "mastervol", "status"}, {0, statusXml("Active", "Active"), ""});
  const auto before = snapshotTables();
  auto out = dispatch("georep.session.stop", {{"session_id", id}});
  ASSERT_EQ(codeOf(out), "unavailable");
  EXPECT_EQ(out.error->details()["outcome"], "not_done");
  EXPECT_EQ(out.error->details()["kind"], "outcome_unknown");
  EXPECT_NE(std::string(out.error->what()).find("state read back: ACTIVE"), std::string::npos) << out.error->what();
  EXPECT_EQ(stopsSentTo(sent("vm2")), 0);
  EXPECT_EQ(snapshotTables(), before);
  EXPECT_EQ(lastEvent().name, "georep.session.stop_failed");
}

TEST_F(UnknownOutcomeTest, NoReadBackLeavesTheOutcomeUnknown) {
  const auto id = seedSession("Active", "Active");
  stopTimesOutOnVm();
  fake("vm2").fail({"geo-replication", "mastervol", "status"},
                   gluster::GatewayError(gluster::ErrorKind::kUnreachable, "connection refused").markNotSent());
  const auto before = snapshotTables();
  auto out = dispatch("georep.session.stop", {{"session_id", id}});
  ASSERT_EQ(codeOf(out), "unavailable");
  EXPECT_EQ(out.error->details()["outcome"], "unknown");
  EXPECT_EQ(std::string(out.error->what()).rfind("the outcome is unknown; state read back: none", 0), 0u)
      << out.error->what();
  EXPECT_EQ(stopsSentTo(sent("vm2")), 0);
  EXPECT_EQ(snapshotTables(), before);
}

TEST_F(UnknownOutcomeTest, ActionNeverSentStillFailsOverToTheNextHost) {
  const auto id = seedSession("Active", "Active");
  fake("vm").fail({"geo-replication", "stop"},
                  gluster::GatewayError(gluster::ErrorKind::kUnreachable, "connection refused").markNotSent());
  fake("vm2").onFixture({"geo-replication", "stop"}, "stop_ok.xml");
  fake("vm2").onFixture({"volume", "info"}, "volinfo.xml");
  fake("vm2").on({"geo-replication", "mastervol", "status"}, {0, statusXml("Stopped", "Stopped"), ""});
  auto out = dispatch("georep.session.stop", {{"session_id", id}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(stopsSentTo(sent("vm2")), 1);
  EXPECT_FALSE(out.result.contains("outcome_was_unknown"));
}

// A status refused by a busy glusterd, as the plain-text CLI prints it.
const gluster::ExecResult kBusyStatusText{
    2, "Another transaction is in progress for mastervol. Please try again after some time.\n"
       "geo-replication command failed\n", ""};
// The session table of a plain-text status (the re-run that found glusterd free).
const gluster::ExecResult kStatusTableText{0, "MASTER NODE    MASTER VOL    STATUS\nvm    mastervol    Active\n", ""};

// glusterd busy with another transaction (the sync job's reads) refuses one read of the read-back, in plain
// text; its plain-text re-run finds it free and lists the session. That read is an attempt that did not
// reach the state, not a failure of the start, which was done.
TEST_F(SessionActionTest, ReadBackRefusedAsBusyIsReadAgain) {
  const auto id = seedSession("Stopped", "Stopped");
  fake().onFixture({"geo-replication", "vm::slavevol", "start"}, "start_ok.xml");
  fake().on({"geo-replication", "mastervol", "status"}, kBusyStatusText);
  fake().on({"geo-replication", "mastervol", "status"}, kStatusTableText);
  status("Active", "Active");
  auto out = dispatch("georep.session.start", {{"session_id", id}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(out.result["status"], "ACTIVE");
  EXPECT_EQ(session(id)->status, AggregateStatus::kActive);
  EXPECT_EQ(lastEvent().name, "georep.session.started");
}

// What GlusterFS 10.3 really prints (multi-node lab, 12-01): an `--xml ... status` refused because another
// transaction held the volume's lock says only "geo-replication command failed"; the plain-text re-run just
// after finds glusterd free and lists the session. A busy read, read again (in CI the start had failed as
// "refused" while the session went on to Active). A busy spell longer than the read-back's attempts (3 in
// this fixture) does not use them up: busy reads have an allowance of their own (read_back_busy_reads).
TEST_F(SessionActionTest, BusySpellLongerThanTheReadBackAttemptsStillSettlesTheStart) {
  const auto id = seedSession("Stopped", "Stopped");
  fake().onFixture({"geo-replication", "vm::slavevol", "start"}, "start_ok.xml");
  for (int i = 0; i < 5; ++i) {  // five busy reads, each an --xml refusal then a plain-text listing
    fake().on({"geo-replication", "mastervol", "status"}, {2, "geo-replication command failed\n", ""});
    fake().on({"geo-replication", "mastervol", "status"}, kStatusTableText);
  }
  status("Active", "Active");
  auto out = dispatch("georep.session.start", {{"session_id", id}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(out.result["status"], "ACTIVE");
}

// Busy beyond the allowance: the start was sent and stands, but its outcome is not read; nothing is written
// and the caller is told glusterd is busy (409 transaction_in_progress), never "refused".
TEST_F(SessionActionTest, BusyBeyondTheAllowanceIsTransactionInProgressAndWritesNothing) {
  const auto id = seedSession("Stopped", "Stopped");
  fake().onFixture({"geo-replication", "vm::slavevol", "start"}, "start_ok.xml");
  fake().on({"geo-replication", "mastervol", "status"}, kBusyStatusText);
  const auto before = snapshotTables();
  auto out = dispatch("georep.session.start", {{"session_id", id}});
  ASSERT_EQ(codeOf(out), "conflict");
  EXPECT_EQ(out.error->details()["kind"], "transaction_in_progress");
  EXPECT_EQ(snapshotTables(), before);
  int statusCalls = 0;  // each read is an --xml call, then its plain-text re-run
  for (const auto& c : sent()) statusCalls += c.find("mastervol status") != std::string::npos;
  EXPECT_EQ(statusCalls, 2 * 61) << "one read, then the 60 busy reads of the default allowance";
}

TEST_F(SessionActionTest, ReadBackFailureAfterTheActionWritesNothing) {
  const auto id = seedSession("Active", "Active");
  fake().onFixture({"geo-replication", "stop"}, "stop_ok.xml");
  fake().on({"geo-replication", "mastervol", "status"}, {0, "<cliOutput><opRet>0</opRet><geoRep><volume>", ""});
  const auto before = snapshotTables();
  auto out = dispatch("georep.session.stop", {{"session_id", id}});
  EXPECT_EQ(codeOf(out), "gluster_error");
  EXPECT_EQ(out.error->details()["kind"], "malformed_xml");
  EXPECT_EQ(snapshotTables(), before);
  // The action was sent once: a failing read-back never re-runs it.
  int stops = 0;
  for (const auto& s : sent()) stops += s.find(" stop") != std::string::npos ? 1 : 0;
  EXPECT_EQ(stops, 1);
}

}  // namespace
}  // namespace georep::testing
