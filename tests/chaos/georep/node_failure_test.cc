// Chaos: a primary node crashes (glusterd, bricks, self-heal, gsyncd and sshd SIGKILLed) and comes back.
// The node is the one holding the first brick of the replica-3 volume (whose worker is the Active one)
// and the only brick of the "solo" volume, so one fault covers both cases of issue 14: the Active worker
// fails over to a Passive one (session stays ACTIVE), and a session whose every brick is on the dead node
// (the engine hears from none of its nodes: UNKNOWN, its worker Offline). Nothing may be removed from the
// database meanwhile, although the surviving nodes' status no longer shows that node's workers, nor the
// solo session at all.
#include "chaos_test.h"

#include <iostream>

#include "harness/wait.h"

namespace georep::testing::chaos {
namespace {

using nlohmann::json;
using std::chrono::seconds;

class NodeFailure : public ChaosTest {};

std::optional<std::string> brickWorker(e2e::SqlProbe& sql, std::int64_t sessionId, const std::string& host) {
  return sql.scalar(
      "SELECT sb.worker_status FROM georep_session_bricks sb JOIN georep_bricks b ON b.id = sb.brick_id "
      "WHERE sb.session_id = $1 AND b.host = $2",
      {std::to_string(sessionId), host});
}

long long activeElsewhere(e2e::SqlProbe& sql, std::int64_t sessionId, const std::string& host) {
  return sql.count(
      "SELECT count(*) FROM georep_session_bricks sb JOIN georep_bricks b ON b.id = sb.brick_id "
      "WHERE sb.session_id = $1 AND b.host <> $2 AND sb.worker_status = 'Active'",
      {std::to_string(sessionId), host});
}

// Measured on 12-01 (two passing runs, 19:08 / 19:42, load 2-5): p1's workers Offline in the database
// 4.5 / 7.6 s after the kill, another worker Active 10.1 / 19.2 s; the database equal to p2's view (solo
// session left out) 2.4 / 5.1 s later; 4 sync cycles of the primary cluster while p1 was down, in 20.8 /
// 30.2 s (mean 4.8 / 8.7 s, period 3 s); p1 back -> equal to GlusterFS with every worker Active/Passive
// 18.4 / 18.2 s. Whole test 360 / 356 s, most of it before the fault: the lab reset and engine start
// (70-86 s) and the two push-pem creates with their rsync_options (100-160 s, glusterd-bound). It passed
// again at 20:45 (239 s) beside the console's lab test.
// 22:1x (after the fix below): 167 s, Offline 2.5 s, failover 7.0 s, equal 2.1 s later, 4 cycles in 16.0 s,
// back -> converged 22.1 s.
// It had failed in both clean-clone CI runs of 12-01 evening (the e2e chain beside it, load ~4) at its
// set-up: the solo session's `georep.session.start` answered "geo-replication command failed". That was
// the start's read-back, not the start: an --xml `status` refused because another transaction held the
// volume's lock prints only that (reproduced on this lab), and the engine took it for a refusal. It is now
// a busy read (transaction_in_progress), read again (gluster/gateway.cc, commands/session_readback.h).
TEST_F(NodeFailure, PrimaryNodeCrashFailsOverKeepsEverySessionAndConvergesWhenBack) {
  const std::string victim = lab_.soloNode;  // p1: first brick of the primary volume, every brick of solo
  const std::string victimIp = lab_.ip(victim);
  const std::int64_t mainId = createSession(lab_.primary, "s1", lab_.secondary);
  const std::int64_t soloId = createSession(lab_.solo, "s2", lab_.secondary2);
  ASSERT_GT(mainId, 0);
  ASSERT_GT(soloId, 0);
  startAndWaitActive(mainId);
  startAndWaitActive(soloId);
  EXPECT_EQ(storedConfig(mainId, "change_detector"), "changelog") << "the sessions use the default detector";

  // Data flows with the default changelog detector before anything fails.
  const auto arrival = writeAndAwaitArrival("p2", lab_.primary, "s1", lab_.secondary, "before", 5, seconds(180));
  ASSERT_TRUE(arrival) << "files written to " << lab_.primary << " did not reach " << lab_.secondary << " within 180 s";
  std::cerr << "[ chaos ] data arrival (changelog detector, 5 files): " << *arrival << " s\n";
  std::string why;
  ASSERT_TRUE(waitConverged(victim, seconds(60), &why)) << why;
  const bool victimWasActive = brickWorker(*sql_, mainId, victimIp) == "Active";
  std::cerr << "[ chaos ] before the crash, the worker on " << victim << " is "
            << brickWorker(*sql_, mainId, victimIp).value_or("?") << "\n";

  const long long sessions = sessionRows();
  const long long configRows = sql_->count("SELECT count(*) FROM georep_session_config");
  const long long bricks = sql_->count("SELECT count(*) FROM georep_session_bricks");
  const std::int64_t since = client_->lastEventId();
  const StatusCycles atKill = statusCycles();
  const auto killedAt = std::chrono::steady_clock::now();

  ClusterLab::killNode(victim);
  Convergence detect("node " + victim + " killed -> its workers Offline in the database");
  Convergence failover("node " + victim + " killed -> the database shows another worker Active");
  bool sawOffline = false, sawFailover = !victimWasActive;
  double offlineAt = 0, failoverAt = 0;
  const bool settled = e2e::waitUntil(seconds(180), [&] {
    EXPECT_EQ(sessionRows(), sessions) << "a session was removed while its node was down";
    if (!sawOffline && brickWorker(*sql_, mainId, victimIp) == "Offline" && brickWorker(*sql_, soloId, victimIp) == "Offline") {
      sawOffline = true;
      offlineAt = detect.done();
    }
    if (!sawFailover && activeElsewhere(*sql_, mainId, victimIp) == 1) {
      sawFailover = true;
      failoverAt = failover.done();
    }
    return sawOffline && sawFailover;
  }, std::chrono::milliseconds(500));
  ASSERT_TRUE(settled) << "after 180 s: offline seen " << sawOffline << ", failover seen " << sawFailover
                       << "; workers of the primary session: " << brickWorker(*sql_, mainId, victimIp).value_or("?");
  (void)offlineAt;
  (void)failoverAt;

  // The surviving nodes' view and the database agree (the dead node's bricks Offline there too). The
  // survivors no longer list the solo session at all (every brick on the dead node): it is left out of
  // the comparison, and checked below as the engine records it.
  const auto survivor = waitConverged("p2", seconds(120), &why, victimIp);
  ASSERT_TRUE(survivor) << why;
  std::cerr << "[ chaos ] convergence: database equal to GlusterFS (asked on p2, solo session left out) "
            << *survivor << " s after the Offline/failover state was reached\n";
  EXPECT_EQ(sessionStatus(mainId), "ACTIVE")
      << "one Active worker per replica set: the primary session stays ACTIVE after the failover";
  // Two more completed sync cycles with the node still down: still nothing removed. A session missing from
  // two complete listings would be (georep.session.vanished); one none of whose nodes is heard from is
  // not missing but unknown: kept, UNKNOWN, its worker Offline, no miss counted.
  const int runs = statusCycles().count;
  EXPECT_TRUE(e2e::waitUntil(seconds(60), [&] { return statusCycles().count >= runs + 2; }, seconds(1)))
      << "fewer than two sync cycles completed in 60 s with " << victim << " down";
  EXPECT_EQ(sessionStatus(soloId), "UNKNOWN") << "no node of the solo session answers: the engine cannot know";
  EXPECT_EQ(brickWorker(*sql_, soloId, victimIp), "Offline");
  EXPECT_EQ(sql_->scalar("SELECT missed_listings FROM georep_sessions WHERE id = $1", {std::to_string(soloId)}), "0")
      << "a session whose nodes are all down was counted as missing from the listing";
  EXPECT_EQ(sessionRows(), sessions);
  EXPECT_EQ(sql_->count("SELECT count(*) FROM georep_session_bricks"), bricks) << "brick workers were dropped";
  EXPECT_EQ(sql_->count("SELECT count(*) FROM georep_session_config"), configRows) << "config rows were dropped";
  EXPECT_TRUE(eventsOf("georep.session.vanished", mainId, since).empty());
  EXPECT_TRUE(eventsOf("georep.session.vanished", soloId, since).empty());
  EXPECT_TRUE(awaitEvent("georep.brick.faulty", mainId, since))
      << "no georep.brick.faulty for the dead node's brick (session " << mainId << ", since #" << since << "):"
      << describeEvents(0);
  EXPECT_TRUE(awaitEvent("georep.brick.faulty", soloId, since));
  awaitEvent("georep.session.status_changed", soloId, since);
  const auto soloChanges = eventsOf("georep.session.status_changed", soloId, since);
  ASSERT_FALSE(soloChanges.empty()) << "no georep.session.status_changed for the solo session";
  EXPECT_EQ(soloChanges.back()["body"].value("new", ""), "UNKNOWN");
  // Data still flows through the new Active worker.
  const auto during = writeAndAwaitArrival("p2", lab_.primary, "s1", lab_.secondary, "during", 3, seconds(180));
  EXPECT_TRUE(during) << "no data arrived while " << victim << " was down";
  if (during) std::cerr << "[ chaos ] data arrival with " << victim << " down (3 files): " << *during << " s\n";

  // The sync job kept cycling on the survivors (the dead node's address is no longer tried first).
  const StatusCycles down = statusCycles();
  const double downFor = std::chrono::duration<double>(std::chrono::steady_clock::now() - killedAt).count();
  const int cyclesDown = down.count - atKill.count;
  std::cerr << "[ chaos ] sync cycles of the primary cluster with " << victim << " down: " << cyclesDown << " in "
            << downFor << " s, mean " << (cyclesDown > 0 ? (down.seconds - atKill.seconds) / cyclesDown : 0) << " s\n";
  EXPECT_GE(cyclesDown, 2);

  // The node comes back: glusterd restarts its bricks and the geo-rep monitors.
  const std::int64_t beforeBack = client_->lastEventId();
  ClusterLab::startNode(victim);
  Convergence back("node " + victim + " back -> database equal to GlusterFS, every worker Active/Passive");
  const bool recovered = e2e::waitUntil(seconds(240), [&] {
    const auto rows = sql_->count("SELECT count(*) FROM georep_session_bricks WHERE worker_status NOT IN ('Active', 'Passive')");
    if (rows != 0) return false;
    return waitConverged(victim, seconds(1)).has_value();
  }, std::chrono::milliseconds(500));
  ASSERT_TRUE(recovered) << "not converged 240 s after the node came back";
  back.done();
  EXPECT_EQ(sessionStatus(soloId), "ACTIVE");
  EXPECT_EQ(sessionStatus(mainId), "ACTIVE");
  EXPECT_TRUE(awaitEvent("georep.brick.recovered", soloId, beforeBack));
  EXPECT_EQ(sessionRows(), sessions);
  const auto after = writeAndAwaitArrival(victim, lab_.solo, "s2", lab_.secondary2, "after", 3, seconds(180));
  EXPECT_TRUE(after) << "no data arrived from the solo volume once its node was back";
  if (after) std::cerr << "[ chaos ] data arrival from the solo volume with " << victim << " back (3 files): " << *after << " s\n";
}

}  // namespace
}  // namespace georep::testing::chaos
