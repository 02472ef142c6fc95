// The sync job against sessions changed behind the engine's back with the gluster CLI: a session created
// and started there is discovered (row, workers, event), one deleted there is removed (event), and a
// worker made Faulty there (rsync_command pointed at /bin/false, so every rsync fails) shows up as Faulty
// with events, then recovers when the key is reset.
#include <chrono>
#include <fstream>
#include <iostream>

#include <gtest/gtest.h>

#include "harness/e2e_test.h"
#include "harness/wait.h"

namespace georep::testing::e2e {
namespace {

using nlohmann::json;
using std::chrono::seconds;

// gluster ... <args> must succeed (opRet 0).
void glusterOk(const std::vector<std::string>& args) {
  const RunResult r = Lab::gluster(args);
  ASSERT_EQ(r.exitCode, 0) << "gluster " << ::testing::PrintToString(args) << ": " << r.describe();
  ASSERT_NE(r.out.find("<opRet>0</opRet>"), std::string::npos)
      << "gluster " << ::testing::PrintToString(args) << " refused: " << r.out;
}

class SyncJobTest : public E2eTest {};

TEST_F(SyncJobTest, SessionCreatedBehindTheEnginesBackIsDiscoveredAndOneDeletedIsRemoved) {
  const std::string secondary = lab_.secondaries.at(1);
  const std::string url = secondaryUrl(secondary);
  const std::string port = std::to_string(lab_.sshPort);
  std::int64_t since = client_->lastEventId();

  glusterOk({"volume", "geo-replication", lab_.primary, url, "create", "ssh-port", port, "push-pem"});
  ASSERT_TRUE(Lab::waitForPushPemHook(secondary, seconds(60))) << "glusterd's push-pem hook did not finish";
  configureForLabWithCli(secondary);
  glusterOk({"volume", "geo-replication", lab_.primary, url, "start"});

  const json discovered =
      expectEvent("georep.session.discovered", since, {{"master_volume", lab_.primary}}, seconds(60));
  ASSERT_TRUE(discovered.contains("body")) << "not discovered; the rest cannot be checked";
  const auto id = discovered["body"].value("session_id", std::int64_t{0});
  ASSERT_GT(id, 0) << discovered.dump();
  const std::string sid = std::to_string(id);
  EXPECT_EQ(sql_->scalar("SELECT secondary_host || '::' || secondary_volume FROM georep_sessions WHERE id = $1", {sid}),
            url);
  EXPECT_NE(sql_->scalar("SELECT session_key FROM georep_sessions WHERE id = $1", {sid}).value_or("").find("::" + secondary),
            std::string::npos);
  expectSqlEventually("SELECT status FROM georep_sessions WHERE id = $1", {sid}, "ACTIVE", seconds(90));
  EXPECT_EQ(sql_->count("SELECT count(*) FROM georep_session_bricks WHERE session_id = $1", {sid}), 2);

  // The engine sees it like one it created.
  const json got = ok("georep.session.get", {{"session_id", id}});
  EXPECT_EQ(got.value("secondary_volume", ""), secondary) << got.dump();

  // Deleted behind its back: removed (after the two missed listings the design asks for), with an event.
  since = client_->lastEventId();
  glusterOk({"volume", "geo-replication", lab_.primary, url, "stop", "force"});
  glusterOk({"volume", "geo-replication", lab_.primary, url, "delete"});
  expectEvent("georep.session.vanished", since, {{"session_id", id}}, seconds(60));
  expectSqlEventually("SELECT count(*)::text FROM georep_sessions WHERE id = $1", {sid}, "0", seconds(30));
  EXPECT_EQ(sql_->count("SELECT count(*) FROM georep_session_bricks WHERE session_id = $1", {sid}), 0);
}

TEST_F(SyncJobTest, WorkerMadeFaultyShowsUpAsFaultyWithEventsAndRecovers) {
  const std::string secondary = lab_.secondaries.at(0);
  const std::string url = secondaryUrl(secondary);
  const std::int64_t id = createSession(secondary);
  ASSERT_GT(id, 0);
  const std::string sid = std::to_string(id);
  configureForLab(id);
  startAndWaitActive(id);
  ASSERT_FALSE(HasFailure()) << "the session did not come up; the rest cannot be checked";

  // Every rsync now fails: the workers die in their first sync and the monitor marks them Faulty.
  std::int64_t since = client_->lastEventId();
  glusterOk({"volume", "geo-replication", lab_.primary, url, "config", "rsync_command", "/bin/false"});
  {
    FuseMount primary(lab_, lab_.primary);
    std::ofstream(primary.dir() / ("faulty-" + std::to_string(::getpid()))) << "needs an rsync\n";
  }
  expectEvent("georep.brick.faulty", since, {{"session_id", id}, {"new", "Faulty"}}, seconds(90));
  EXPECT_GE(sql_->count("SELECT count(*) FROM georep_session_bricks WHERE session_id = $1 AND worker_status = 'Faulty'",
                        {sid}),
            1);
  // Both workers are Active on this single node, so both die in their first rsync and the session is
  // FAULTY. Unless GlusterFS left one deaf to its brick's live changelog (README, "A worker may never get
  // live changelogs"): that worker never tries an rsync and stays Active, and by the aggregation rules a
  // replica set with an Active worker keeps the session ACTIVE. Seen once in CI; the test then checks that
  // the session says exactly that, and says so.
  const bool faulty = waitUntil(seconds(60), [&] {
    return sql_->scalar("SELECT status FROM georep_sessions WHERE id = $1", {sid}) == std::optional<std::string>("FAULTY");
  }, std::chrono::milliseconds(1000));
  if (faulty) {
    expectEvent("georep.session.status_changed", since, {{"session_id", id}, {"new", "FAULTY"}}, seconds(10));
  } else {
    const auto status = sql_->scalar("SELECT status FROM georep_sessions WHERE id = $1", {sid});
    const auto active = sql_->count(
        "SELECT count(*) FROM georep_session_bricks WHERE session_id = $1 AND worker_status = 'Active'", {sid});
    std::cout << "[ e2e ] the session stayed " << status.value_or("?") << " with " << active
              << " Active worker(s) beside the Faulty one (a worker deaf to its brick's changelog)\n";
    EXPECT_EQ(status, std::optional<std::string>("ACTIVE")) << "not FAULTY, and not explained by an Active partner";
    EXPECT_GE(active, 1) << "not FAULTY although no worker is Active";
  }
  // The config change made with the CLI is noticed too.
  // (The session's first config read may report its lab settings first: look for the rsync_command change.)
  const auto drift = client_->waitForEvent(
      "georep.config.changed_externally", seconds(30), since, [&](const json& e) {
        return e.contains("body") && e["body"].value("session_id", std::int64_t{0}) == id &&
               e["body"].dump().find("rsync_command") != std::string::npos;
      });
  EXPECT_TRUE(drift.has_value()) << "no georep.config.changed_externally naming rsync_command";
  expectSqlEventually("SELECT value FROM georep_session_config WHERE session_id = $1 AND key = 'rsync_command'", {sid},
                      "/bin/false", seconds(30));

  // Reset the key behind its back: the workers come back, recovered events, ACTIVE again. (The monitor
  // restarts a Faulty worker at once, so its recovered event may come before the reset, between two
  // failures: it is looked for since the fault began; what must hold after the reset is no Faulty worker.)
  const std::int64_t sinceFault = since;
  glusterOk({"volume", "geo-replication", lab_.primary, url, "config", "!rsync_command"});
  expectEvent("georep.brick.recovered", sinceFault, {{"session_id", id}}, seconds(90));
  expectSqlEventually("SELECT status FROM georep_sessions WHERE id = $1", {sid}, "ACTIVE", seconds(90));
  expectSqlEventually("SELECT count(*)::text FROM georep_session_bricks WHERE session_id = $1 AND "
                      "worker_status = 'Faulty'",
                      {sid}, "0", seconds(60));

  ok("georep.session.stop", {{"session_id", id}});
  ok("georep.session.delete", {{"session_id", id}});
}

}  // namespace
}  // namespace georep::testing::e2e
