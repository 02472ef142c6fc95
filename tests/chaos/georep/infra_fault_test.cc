// Chaos: the infrastructure around a running session fails. (1) A secondary node's sshd dies with every
// connection it carried (the Active worker's ssh to the secondary is cut): workers go Faulty in GlusterFS
// and in the database (events), nothing is removed, and once sshd is back the session converges to
// ACTIVE and data flows again. (2) PostgreSQL restarts while GlusterFS changes behind the engine's back:
// the engine survives, and once the database is back it equals GlusterFS again (workers and config),
// with the change recorded exactly once.
#include "chaos_test.h"

#include <iostream>
#include <thread>

#include "harness/wait.h"

namespace georep::testing::chaos {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;

class InfraFault : public ChaosTest {};

TEST_F(InfraFault, SecondarySshdKilledThenPostgresRestartedConverges) {
  const std::int64_t id = createSession(lab_.primary, "s1", lab_.secondary);
  ASSERT_GT(id, 0);
  startAndWaitActive(id);
  std::string why;
  ASSERT_TRUE(waitConverged("p1", seconds(60), &why)) << why;
  const std::string activeNode = [&] {
    const auto ip = sql_->scalar(
        "SELECT b.host FROM georep_session_bricks sb JOIN georep_bricks b ON b.id = sb.brick_id "
        "WHERE sb.session_id = $1 AND sb.worker_status = 'Active' LIMIT 1",
        {std::to_string(id)});
    return ip.value_or("?");
  }();
  // Which secondary node the Active worker writes through (GlusterFS leaves secondary_node empty for
  // Active workers on 10.x, so ask the node's sessions: the ssh connections of the secondary's sshd).
  const long long sessions = sessionRows();
  std::int64_t since = client_->lastEventId();

  // (1) both secondary sshds die with their connections: whichever secondary node a worker picks, its
  // ssh is cut and its reconnections are refused.
  ClusterLab::killSshd("s1");
  ClusterLab::killSshd("s2");
  Convergence faulty("secondary sshd killed -> a Faulty worker in the database");
  const bool sawFaulty = e2e::waitUntil(seconds(180), [&] {
    EXPECT_EQ(sessionRows(), sessions);
    return sql_->count("SELECT count(*) FROM georep_session_bricks WHERE session_id = $1 AND worker_status = 'Faulty'",
                       {std::to_string(id)}) > 0;
  }, milliseconds(500));
  ASSERT_TRUE(sawFaulty) << "no worker went Faulty in the database within 180 s of the secondary sshd's death";
  faulty.done();
  EXPECT_TRUE(awaitEvent("georep.brick.faulty", id, since))
      << "no georep.brick.faulty event of session " << id << " since #" << since << "; events:" << describeEvents(0);
  ASSERT_TRUE(waitConverged("p1", seconds(60), &why)) << why;
  std::cerr << "[ chaos ] (the Active worker was on " << activeNode << ")\n";

  ClusterLab::startSshd("s1");
  ClusterLab::startSshd("s2");
  Convergence back("secondary sshd back -> ACTIVE again, database equal to GlusterFS");
  const bool active = e2e::waitUntil(seconds(240), [&] {
    return sessionStatus(id) == "ACTIVE" &&
           sql_->count("SELECT count(*) FROM georep_session_bricks WHERE session_id = $1 AND worker_status NOT IN ('Active', 'Passive')",
                       {std::to_string(id)}) == 0 &&
           waitConverged("p1", seconds(1)).has_value();
  }, milliseconds(500));
  ASSERT_TRUE(active) << "the session did not converge to ACTIVE within 240 s of sshd's return";
  back.done();
  EXPECT_EQ(sessionRows(), sessions);
  EXPECT_TRUE(awaitEvent("georep.brick.recovered", id, since));
  const auto arrival = writeAndAwaitArrival("p2", lab_.primary, "s1", lab_.secondary, "sshd", 3, seconds(180));
  EXPECT_TRUE(arrival) << "no data arrived after the secondary sshd came back";

  // (2) PostgreSQL restarts; meanwhile sync_jobs is changed with the gluster CLI (workers restart).
  since = client_->lastEventId();
  const auto before = storedConfig(id, "sync_jobs");
  const std::string newValue = before == "7" ? "6" : "7";
  ASSERT_NO_FATAL_FAILURE(stopPostgres());
  const auto set = ClusterLab::gluster("p1", {"volume", "geo-replication", lab_.primary,
                                              secondaryUrl("s1", lab_.secondary), "config", "sync_jobs", newValue});
  EXPECT_NE(set.out.find("<opRet>0</opRet>"), std::string::npos) << set.describe();
  std::this_thread::sleep_for(milliseconds(3 * kSyncIntervalMs));  // cycles fail on the database meanwhile
  ASSERT_TRUE(engine_->running()) << "the engine died while PostgreSQL was down";
  ASSERT_NO_FATAL_FAILURE(startPostgres());
  Convergence pg("PostgreSQL restarted -> database equal to GlusterFS, config change stored");
  const bool converged = e2e::waitUntil(seconds(120), [&] {
    try {
      return storedConfig(id, "sync_jobs") == newValue && waitConverged("p1", seconds(1)).has_value() &&
             client_->healthStatus() == 200;
    } catch (const std::exception&) {
      reconnectSql();
      return false;
    }
  }, milliseconds(500));
  ASSERT_TRUE(converged) << "the database did not catch up within 120 s of PostgreSQL's restart; sync_jobs stored "
                         << storedConfig(id, "sync_jobs").value_or("nothing");
  pg.done();
  int changeEvents = 0;
  for (const auto& e : eventsOf("georep.config.changed_externally", id, since))
    if (e.value("body", json::object()).dump().find("sync_jobs") != std::string::npos) ++changeEvents;
  EXPECT_EQ(changeEvents, 1) << "the sync_jobs change must be recorded exactly once";
  EXPECT_EQ(sessionRows(), sessions);
}

}  // namespace
}  // namespace georep::testing::chaos
