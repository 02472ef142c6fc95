// Config truth (issue 12, item 6), with SyncService on a real PostgreSQL and FakeTransports replaying the
// GlusterFS 10.3 captures: a discovered session's config is read in the cycle that found it; a read that
// glusterd refuses with "another transaction is in progress" is read again next cycle; the drift sweep
// reads at most config_reads_per_cycle sessions per cycle and a change made outside is stored in the
// cycle of the session's turn; the first read never takes a change made outside as its silent baseline;
// secret values never reach an event.
#include <chrono>
#include <string>
#include <thread>

#include "sync_service_fixture.h"

namespace georep::testing {
namespace {

using namespace std::chrono_literals;

// status_detail_active.xml with `count` sessions of mastervol, to vm::sec0 .. vm::sec<count-1>.
std::string statusWithSessions(int count) {
  const std::string capture = readFixture("status_detail_active.xml");
  const std::string session = between(capture, "<session>", "</session>");
  const auto first = capture.find("<session>");
  const auto last = capture.rfind("</session>") + std::string("</session>").size();
  std::string sessions;
  for (int i = 0; i < count; ++i) {
    std::string s = replaceAll(session, "slavevol", "sec" + std::to_string(i));
    sessions += replaceAll(s, "40f418a6-", "40f418b" + std::to_string(i) + "-");
  }
  return capture.substr(0, first) + sessions + capture.substr(last);
}

// glusterd's refusal while another operation holds its cluster-wide lock (opErrno 30802).
const char* kAnotherTransaction =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cliOutput>\n  <opRet>-1</opRet>\n"
    "  <opErrno>30802</opErrno>\n  <opErrstr>Another transaction is in progress for mastervol. Please try again "
    "after some time.</opErrstr>\n</cliOutput>\n";

// config.xml with one more key (glusterd lists whatever gsyncd.conf holds).
std::string configWithExtra(const std::string& key, const std::string& value, const std::string& base) {
  const auto close = base.find("</config>");
  return base.substr(0, close) + "<" + key + ">" + value + "</" + key + ">\n" + base.substr(close);
}

class ConfigTruthTest : public SyncServiceTest {
 protected:
  void onConfig(const std::string& secondary, const std::string& xml) {
    fake("vm").on({"geo-replication", "mastervol", "vm::" + secondary, "config"}, gluster::ExecResult{0, xml, ""});
  }
  // One status tick, then waits until `calls` config calls were made in all, and a little longer to see
  // that no more come.
  void tickUntilConfigCalls(std::size_t calls) {
    scheduler_.run("georep.sync.status");
    EXPECT_TRUE(eventually([&] { return configCalls() >= calls; })) << configCalls() << " < " << calls;
    std::this_thread::sleep_for(150ms);
    EXPECT_EQ(configCalls(), calls);
  }
  std::vector<nlohmann::json> changedEvents() {
    std::vector<nlohmann::json> out;
    for (const auto& e : events_.events())
      if (e.name == "georep.config.changed_externally") out.push_back(e.body);
    return out;
  }
};

TEST_F(ConfigTruthTest, AReadRefusedBecauseGlusterdIsBusyIsRetriedNextCycle) {
  answer(readFixture("status_detail_active.xml"));
  fake("vm").on({"geo-replication", "mastervol", "vm::slavevol", "config"},
                gluster::ExecResult{0, kAnotherTransaction, ""});
  fake("vm").on({"geo-replication", "mastervol", "vm::slavevol", "config"},
                gluster::ExecResult{0, readFixture("config.xml"), ""});
  sync::SyncOptions options;
  options.configInterval = 3600s;
  start(options);

  tickUntilConfigCalls(1);  // discovered, its config read refused: busy
  const auto id = sessions().at(0).id;
  EXPECT_FALSE(config(id, "sync_jobs").has_value());

  tickUntilConfigCalls(2);  // read again in the next cycle, not at the next sweep an hour later
  EXPECT_EQ(config(id, "sync_jobs"), std::optional<std::string>("3"));
  tickUntilConfigCalls(2);  // done: nothing due any more
}

TEST_F(ConfigTruthTest, TheFirstReadReportsWhatWasSetOutsideAndMasksSecrets) {
  answer(readFixture("status_detail_active.xml"));
  // Before georep ever read it, someone set sync_jobs 5 with the gluster CLI.
  const std::string firstConfig = configWithExtra("ssh_password", "hunter2", configWith("sync_jobs", "5"));
  onConfig("slavevol", firstConfig);
  start();
  tickUntilConfigCalls(1);
  const auto id = sessions().at(0).id;
  EXPECT_EQ(config(id, "sync_jobs"), std::optional<std::string>("5"));
  ASSERT_TRUE(eventually([&] { return changedEvents().size() == 1; }));
  const nlohmann::json first = changedEvents().at(0);
  EXPECT_EQ(first["session_id"], id);
  EXPECT_EQ(first["first_read"], true);
  EXPECT_EQ(first["changes"], (nlohmann::json::array({{{"key", "sync_jobs"}, {"old", "3"}, {"new", "5"}}})));

  // A secret changed outside: the event says which key, never the values.
  fake("vm").clearRules();
  answer(readFixture("status_detail_active.xml"));
  onConfig("slavevol", configWithExtra("ssh_password", "correct-horse", configWith("sync_jobs", "5")));
  ASSERT_TRUE(bus_.dispatch("georep.sync.now", nlohmann::json{{"config", true}}).ok);
  ASSERT_TRUE(eventually([&] { return changedEvents().size() == 2; }));
  EXPECT_EQ(changedEvents().at(1)["changes"],
            (nlohmann::json::array({{{"key", "ssh_password"}, {"old", "***"}, {"new", "***"}}})));
  for (const auto& e : events_.events()) {
    EXPECT_EQ(e.body.dump().find("hunter2"), std::string::npos) << e.name;
    EXPECT_EQ(e.body.dump().find("correct-horse"), std::string::npos) << e.name;
  }
}

TEST_F(ConfigTruthTest, TheDriftSweepReadsABoundedSliceEachCycleAndStoresAChangeOnItsTurn) {
  constexpr int kSessions = 5;
  answer(statusWithSessions(kSessions));
  for (int i = 0; i < kSessions; ++i) onConfig("sec" + std::to_string(i), readFixture("config.xml"));
  sync::SyncOptions options;
  options.configReadsPerCycle = 2;
  options.configInterval = 3600s;  // one sweep in this test
  start(options);

  // Five sessions discovered at once: their first reads are spread over three cycles, two per cycle.
  tickUntilConfigCalls(2);
  ASSERT_EQ(sessions().size(), static_cast<std::size_t>(kSessions));
  tickUntilConfigCalls(4);
  tickUntilConfigCalls(6);  // the fifth, then the sweep begins: the first session
  for (const auto& s : sessions()) EXPECT_EQ(config(s.id, "sync_jobs"), std::optional<std::string>("3")) << s.id;

  // The fourth session (in id order, the sweep's) is changed with the gluster CLI; the sweep reaches it
  // two cycles later.
  const SessionRow fourthRow = sessions().at(3);
  const auto fourth = fourthRow.id;
  fake("vm").clearRules();
  answer(statusWithSessions(kSessions));
  for (int i = 0; i < kSessions; ++i) {
    const std::string secondary = "sec" + std::to_string(i);
    onConfig(secondary, secondary == fourthRow.secondaryVolume ? configWith("sync_jobs", "9") : readFixture("config.xml"));
  }
  tickUntilConfigCalls(8);  // second and third
  EXPECT_EQ(config(fourth, "sync_jobs"), std::optional<std::string>("3"));
  tickUntilConfigCalls(10);  // fourth and fifth: the sweep is done
  EXPECT_EQ(config(fourth, "sync_jobs"), std::optional<std::string>("9"));
  ASSERT_EQ(changedEvents().size(), 1u);
  EXPECT_EQ(changedEvents()[0]["session_id"], fourth);
  EXPECT_EQ(changedEvents()[0]["changes"], (nlohmann::json::array({{{"key", "sync_jobs"}, {"old", "3"}, {"new", "9"}}})));

  tickUntilConfigCalls(10);  // the next sweep waits for config_interval_ms
}

}  // namespace
}  // namespace georep::testing
