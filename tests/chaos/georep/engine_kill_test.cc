// Chaos: the engine is SIGKILLed in the middle of georep.session.create, start, config set and stop, and
// restarted on the same database. Within two sync cycles after the restart the database must equal what
// GlusterFS reports (session, workers, config), with no duplicated and no lost session, config or event:
// the change GlusterFS made is recorded exactly once, either by the command's own event (when it got that
// far) or by the sync job's (discovered / status_changed / changed_externally).
#include "chaos_test.h"

#include <future>
#include <iostream>
#include <thread>

#include "harness/wait.h"

namespace georep::testing::chaos {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;

class EngineKill : public ChaosTest {
 protected:
  // Sends `name` from another thread, SIGKILLs the engine `after` later, waits for the client to give up.
  // Returns whether the command still answered (ok) before the engine died.
  bool killDuring(const std::string& name, const json& params, milliseconds after) {
    auto* client = client_.get();
    auto reply = std::async(std::launch::async, [client, name, params]() -> std::optional<bool> {
      try {
        return client->command(name, params).ok;
      } catch (const std::exception&) {
        return std::nullopt;  // the connection died with the engine
      }
    });
    std::this_thread::sleep_for(after);
    killEngine();
    const auto answered = reply.get();
    std::cerr << "[ chaos ] engine SIGKILLed " << after.count() << " ms into " << name << " ("
              << (answered ? (*answered ? "it had answered ok" : "it had answered an error") : "no answer") << ")\n";
    return answered.value_or(false);
  }

  // Restarts the engine and waits until the database equals GlusterFS (sessions, one row each, worker
  // per brick) and then until `settled` holds too (the state GlusterFS itself is heading to, e.g. every
  // worker Active after a start). Asserts that the database equalled GlusterFS within two status runs of
  // the restarted engine that changed something (statusRunsWithChanges: runs that found nothing to write
  // are not counted), and `settled` too when `settledWithinTwoCycles`. Returns the seconds until both held.
  double restartAndConverge(const std::string& what, const std::function<bool()>& settled,
                            bool settledWithinTwoCycles) {
    startEngine();
    Convergence clock("engine restarted after SIGKILL during " + what + " -> database equal to GlusterFS");
    int cycles = 0, cyclesAtEqual = -1, cyclesAtSettled = -1, allAtEqual = -1, allAtSettled = -1;
    std::string why;
    const bool converged = e2e::waitUntil(seconds(240), [&] {
      cycles = statusRunsWithChanges();
      const auto g = glusterSessions("p1");
      if (!g) return false;
      why = differences(*g, databaseSessions(*sql_, kPrimaryCluster));
      if (!why.empty()) return false;
      if (cyclesAtEqual < 0) {
        cyclesAtEqual = cycles;
        allAtEqual = statusCycles().count;
      }
      if (!settled()) return false;
      cyclesAtSettled = cycles;
      allAtSettled = statusCycles().count;
      return true;
    }, milliseconds(1000));
    const double s = clock.done();
    EXPECT_TRUE(converged) << "not converged 240 s after the restart: " << (why.empty() ? "settled state not reached" : why);
    std::cerr << "[ chaos ]   equal to GlusterFS after " << cyclesAtEqual << " sync run(s) with changes, settled after "
              << cyclesAtSettled << " (of " << allAtEqual << " / " << allAtSettled
              << " completed status cycles in all; cycle period " << kSyncIntervalMs << " ms)\n";
    EXPECT_GE(cyclesAtEqual, 0);
    EXPECT_LE(cyclesAtEqual, 2) << "the database took more than two sync cycles to equal GlusterFS after " << what;
    if (settledWithinTwoCycles) {
      EXPECT_LE(cyclesAtSettled, 2) << what;
    }
    return s;
  }

  bool allWorkers(const std::string& status) {
    const auto g = glusterSessions("p1");
    if (!g) return false;
    const auto it = g->find({lab_.primary, lab_.secondary});
    if (it == g->end() || it->second.workers.empty()) return false;
    for (const auto& [path, st] : it->second.workers)
      if (st != status) return false;
    return true;
  }
};

TEST_F(EngineKill, SigkillDuringCreateStartConfigSetAndStopConvergesWithoutDuplicatesOrLosses) {
  const std::string secUrl = secondaryUrl("s1", lab_.secondary);
  auto sessionId = [&]() -> std::int64_t {
    const auto id = sql_->scalar(
        "SELECT s.id FROM georep_sessions s JOIN georep_volumes v ON v.id = s.master_volume_id "
        "WHERE v.name = $1 AND s.secondary_volume = $2",
        {lab_.primary, lab_.secondary});
    return id ? std::stoll(*id) : 0;
  };
  auto exactlyOne = [&](std::int64_t id, const std::vector<std::string>& names, const std::function<bool(const json&)>& match) {
    int n = 0;
    for (const auto& name : names)
      for (const auto& e : eventsOf(name, id))
        if (match(e)) ++n;
    return n;
  };

  // 1. create: the push-pem create takes tens of seconds; the engine dies in the middle of it.
  killDuring("georep.session.create",
             {{"cluster", kPrimaryCluster}, {"master_volume", lab_.primary}, {"secondary_host", lab_.ip("s1")},
              {"secondary_volume", lab_.secondary}},
             milliseconds(4000));
  // glusterd still finishes what it was asked; its push-pem hook must end before other glusterd
  // operations (GlusterFS 10.3 can wedge otherwise, see tests/e2e harness/lab.h).
  ClusterLab::waitForPushPemHook(lab_, lab_.secondary, seconds(120));
  const bool inGluster = glusterSessions("p1").value_or(SessionsView{}).count({lab_.primary, lab_.secondary}) == 1;
  std::cerr << "[ chaos ]   GlusterFS has the session after the killed create: " << (inGluster ? "yes" : "no") << "\n";
  restartAndConverge("create", [&] {
    if (!inGluster) return sessionRows() == 0;
    const auto id = sessionId();
    return id != 0 && sql_->count("SELECT count(*) FROM georep_session_config WHERE session_id = $1", {std::to_string(id)}) > 20;
  }, false);  // the config read waits for glusterd's locks (30802 / "Locking failed") as long as it takes
  if (!inGluster) {
    // The create never reached glusterd: nothing to record; do it again, normally.
    createSession(lab_.primary, "s1", lab_.secondary);
  }
  const std::int64_t id = sessionId();
  ASSERT_NE(id, 0);
  EXPECT_EQ(sessionRows(), 1);
  EXPECT_EQ(exactlyOne(id, {"georep.session.created", "georep.session.discovered"}, [](const json&) { return true; }), 1)
      << "the new session must be recorded by exactly one event";
  if (!lab_.rsyncOptions.empty())
    okWhenGlusterdFree("georep.config.set", {{"session_id", id}, {"key", "rsync_options"}, {"value", lab_.rsyncOptions}});

  // 2. start
  killDuring("georep.session.start", {{"session_id", id}}, milliseconds(1500));
  // The start may not have reached glusterd (the engine died first, or glusterd was busy): then the
  // session stays CREATED, and is started normally afterwards. glusterd may take long to act on a
  // loaded machine: give it a minute before deciding.
  const bool startReached = e2e::waitUntil(seconds(60), [&] { return !allWorkers("Created"); }, seconds(2));
  std::cerr << "[ chaos ]   the killed start reached glusterd: " << (startReached ? "yes" : "no") << "\n";
  restartAndConverge("start", [&] {
    const auto st = sessionStatus(id);
    return st == (startReached ? "ACTIVE" : "CREATED");
  }, !startReached);
  if (!startReached) startAndWaitActive(id);
  EXPECT_EQ(exactlyOne(id, {"georep.session.started", "georep.session.status_changed"},
                       [](const json& e) {
                         const json b = e.value("body", json::object());
                         return e.value("name", "") == "georep.session.started" || b.value("old", "") == "CREATED";
                       }),
            1)
      << "leaving CREATED must be recorded exactly once";

  // 3. config set (restarts the session's workers in GlusterFS)
  killDuring("georep.config.set", {{"session_id", id}, {"key", "sync_jobs"}, {"value", "5"}}, milliseconds(700));
  e2e::waitUntil(seconds(45), [&] {
    return glusterConfig("p1", lab_.primary, "s1", lab_.secondary, "sync_jobs") == std::optional<std::string>("5");
  }, seconds(2));
  const auto glusterValue = glusterConfig("p1", lab_.primary, "s1", lab_.secondary, "sync_jobs");
  ASSERT_TRUE(glusterValue.has_value());
  restartAndConverge("config set", [&] { return storedConfig(id, "sync_jobs") == glusterValue; }, true);
  EXPECT_EQ(storedConfig(id, "sync_jobs"), glusterValue);
  const int configEvents = exactlyOne(id, {"georep.config.set", "georep.config.changed_externally"}, [](const json& e) {
    return e.value("body", json::object()).dump().find("sync_jobs") != std::string::npos;
  });
  if (*glusterValue == "5") {
    EXPECT_EQ(configEvents, 1) << "the sync_jobs change must be recorded exactly once";
  } else {
    EXPECT_EQ(configEvents, 0) << "sync_jobs never changed in GlusterFS: no event may claim it did";
  }

  // 4. stop
  killDuring("georep.session.stop", {{"session_id", id}}, milliseconds(1500));
  const bool stopped = e2e::waitUntil(seconds(60), [&] { return allWorkers("Stopped"); }, seconds(2));
  restartAndConverge("stop", [&] {
    const auto st = sessionStatus(id);
    return st == (stopped ? "STOPPED" : "ACTIVE");
  }, true);
  if (stopped) {
    EXPECT_EQ(exactlyOne(id, {"georep.session.stopped", "georep.session.status_changed"},
                         [](const json& e) {
                           const json b = e.value("body", json::object());
                           return e.value("name", "") == "georep.session.stopped" || b.value("new", "") == "STOPPED";
                         }),
              1)
        << "the stop must be recorded exactly once";
  }
  EXPECT_EQ(sessionRows(), 1) << "no duplicated session";
  EXPECT_EQ(sql_->count("SELECT count(*) FROM (SELECT key FROM georep_session_config WHERE session_id = $1 "
                        "GROUP BY key HAVING count(*) > 1) d",
                        {std::to_string(id)}),
            0);
}

}  // namespace
}  // namespace georep::testing::chaos
