// Why a worker failed, on the real lab: a session's rsync_command is pointed at /bin/false with the
// gluster CLI (what GlusterFS really does then: every rsync fails, the workers die in their first sync and
// the monitor marks them Faulty). Within two status cycles of the Faulty transition the API shows each
// Faulty brick's reason class ("rsync") and its runbook hint, read by the engine from the node's gsyncd
// log over SSH; the key is then reset, the workers recover and the reason is gone. History shows the
// session's transitions.
#include <chrono>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "harness/e2e_test.h"

namespace georep::testing::e2e {
namespace {

using nlohmann::json;
using std::chrono::seconds;

class FaultReasonTest : public E2eTest {};

// The Faulty bricks of session.get and their "fault" objects.
std::vector<json> faultyBricks(const json& session) {
  std::vector<json> out;
  for (const auto& b : session.value("bricks", json::array())) {
    if (b.value("worker_status", "") == "Faulty") out.push_back(b);
  }
  return out;
}

TEST_F(FaultReasonTest, AFaultyWorkersReasonClassAndHintShowThroughTheApiWithinTwoCycles) {
  const std::string secondary = lab_.secondaries.at(0);
  const std::string url = secondaryUrl(secondary);
  const std::int64_t id = createSession(secondary);
  ASSERT_GT(id, 0);
  configureForLab(id);
  startAndWaitActive(id);
  ASSERT_FALSE(HasFailure()) << "the session did not come up; the rest cannot be checked";
  // The log path comes from the stored config.
  ASSERT_NE(storedConfig(id, "log_file").value_or("").find("/gsyncd.log"), std::string::npos);

  // The change that needs rsync is written while the session is stopped and rolled into a changelog (15 s)
  // before the start, so that the start's history crawl meets it whether or not the new registrations
  // hear live changelogs (README, "A worker may never get live changelogs").
  std::int64_t since = client_->lastEventId();
  ok("georep.session.stop", {{"session_id", id}});
  {
    FuseMount primary(lab_, lab_.primary);
    std::ofstream(primary.dir() / ("fault-reason-" + std::to_string(::getpid()))) << "needs an rsync\n";
  }
  const RunResult set = Lab::gluster({"volume", "geo-replication", lab_.primary, url, "config", "rsync_command", "/bin/false"});
  ASSERT_NE(set.out.find("<opRet>0</opRet>"), std::string::npos) << set.describe();
  std::this_thread::sleep_for(seconds(16));
  ok("georep.session.start", {{"session_id", id}});
  const json faulty = expectEvent("georep.brick.faulty", since, {{"session_id", id}, {"new", "Faulty"}}, seconds(120));
  ASSERT_TRUE(faulty.contains("body")) << "no worker went Faulty";

  // Two status cycles (2 s each here) after the transition was seen, plus the SSH read itself.
  const auto deadline = std::chrono::steady_clock::now() + seconds(2 * 2 + 3);
  std::vector<json> bricks;
  bool explained = false;
  while (!explained && std::chrono::steady_clock::now() < deadline) {
    bricks = faultyBricks(ok("georep.session.get", {{"session_id", id}}));
    explained = !bricks.empty();
    for (const auto& b : bricks) explained = explained && b["fault"].is_object();
    if (!explained) std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  ASSERT_TRUE(explained) << "no reason within two cycles: " << json(bricks).dump();
  for (const auto& b : bricks) {
    EXPECT_EQ(b["fault"]["class"], "rsync") << b.dump();
    EXPECT_NE(b["fault"]["hint"].get<std::string>().find("rsync_command"), std::string::npos) << b.dump();
    EXPECT_NE(b["fault"]["excerpt"].get<std::string>().find("/bin/false"), std::string::npos) << b.dump();
    EXPECT_TRUE(b["fault"]["read_error"].is_null()) << b.dump();
  }
  if (faulty["body"].contains("reason")) EXPECT_EQ(faulty["body"]["reason"]["class"], "rsync") << faulty.dump();

  // Restored: the workers recover and the reason is dropped.
  since = client_->lastEventId();
  const RunResult reset = Lab::gluster({"volume", "geo-replication", lab_.primary, url, "config", "!rsync_command"});
  ASSERT_NE(reset.out.find("<opRet>0</opRet>"), std::string::npos) << reset.describe();
  expectSqlEventually("SELECT status FROM georep_sessions WHERE id = $1", {std::to_string(id)}, "ACTIVE", seconds(120));
  // ACTIVE needs one Active worker per replica set; its partner may still be Initializing (the monitor's
  // restart after Faulty), which is not yet a recovery: its reason is kept until it runs again.
  expectSqlEventually("SELECT count(*)::text FROM georep_session_bricks WHERE session_id = $1 AND "
                      "worker_status NOT IN ('Active', 'Passive')",
                      {std::to_string(id)}, "0", seconds(120));
  // Once every worker runs, the reasons are dropped within two cycles (2 s each here), with room for a slow one.
  expectSqlEventually("SELECT count(*)::text FROM georep_brick_faults WHERE session_id = $1", {std::to_string(id)}, "0",
                      seconds(10));

  const json history = ok("georep.session.history", {{"session_id", id}});
  // The monitor restarts a Faulty worker at once, so a cycle may see the session FAULTY, PARTIAL_FAULTY or
  // INITIALIZING: the history must show it leaving ACTIVE during the episode, or, when the Faulty worker's
  // partner stayed Active (deaf to its changelog: the replica set is still ACTIVE by the aggregation rules,
  // seen in CI on 12-01), the Faulty worker in its brick's samples.
  bool sawEpisode = false;
  for (const auto& t : history["transitions"])
    sawEpisode = sawEpisode || t["new"] == "FAULTY" || t["new"] == "PARTIAL_FAULTY" ||
                 (t["new"] == "INITIALIZING" && t["old"] == "ACTIVE");
  for (const auto& b : history.value("bricks", json::array()))
    for (const auto& point : b.value("points", json::array()))
      sawEpisode = sawEpisode || point.value("worker_status", "") == "Faulty";
  // The history ends with the recovery: the session back to ACTIVE.
  ASSERT_FALSE(history["transitions"].empty()) << history.dump();
  EXPECT_EQ(history["transitions"].back()["new"], "ACTIVE") << history.dump();
  if (!sawEpisode) {
    // Seen once in CI (12-01 21:01): the Faulty worker restarted within one history sample while its partner
    // stayed Active, so neither the session's status nor a brick sample recorded the episode; the
    // georep.brick.faulty event above did.
    std::cerr << "[ e2e ] the Faulty episode is not in the history (shorter than a sample, partner Active): "
              << history["transitions"].dump() << "\n";
  }

  ok("georep.session.stop", {{"session_id", id}});
  ok("georep.session.delete", {{"session_id", id}});
}

}  // namespace
}  // namespace georep::testing::e2e
