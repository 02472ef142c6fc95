// A session's whole life through the command bus against the real glusterd: create, start, files written
// to the primary appear on the secondary, a checkpoint completes (database and event), pause, resume,
// config set and reset, stop, delete. After each step: the reply, the database, the event, and where it
// matters what the gluster CLI itself says.
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include <gtest/gtest.h>

#include "harness/e2e_test.h"
#include "harness/wait.h"

namespace georep::testing::e2e {
namespace {

using nlohmann::json;
using std::chrono::seconds;

std::string readFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

class SessionLifecycleTest : public E2eTest {};

TEST_F(SessionLifecycleTest, CreateStartSyncCheckpointPauseResumeConfigStopDelete) {
  const std::string secondary = lab_.secondaries.at(0);

  // The primary volume as georep discovers it.
  std::int64_t since = client_->lastEventId();
  const json refreshed = ok("georep.volume.refresh", {{"cluster", kClusterName}});
  EXPECT_EQ(sql_->scalar("SELECT status || ' ' || replica_count || ' ' || brick_count FROM georep_volumes WHERE name = $1",
                         {lab_.primary}),
            "Started 2 2");
  EXPECT_EQ(sql_->count("SELECT count(*) FROM georep_bricks b JOIN georep_volumes v ON v.id = b.volume_id "
                        "WHERE v.name = $1 AND b.replica_set = 0 AND b.host = $2",
                        {lab_.primary, lab_.host}),
            2);
  expectEvent("georep.volume.refreshed", since, {{"cluster", kClusterName}}, seconds(5));

  // Create (with the lab sshd's port), configure for the lab, start.
  const std::int64_t id = createSession(secondary);
  ASSERT_GT(id, 0);
  const std::string sid = std::to_string(id);
  configureForLab(id);
  startAndWaitActive(id);
  ASSERT_FALSE(HasFailure()) << "the session did not come up; the rest cannot be checked";
  // ACTIVE needs one Active worker per replica set; on the lab both bricks live on one node, so both
  // become Active, the second a moment later (the monitor starts them one after the other).
  expectSqlEventually("SELECT count(*)::text FROM georep_session_bricks WHERE session_id = $1 AND "
                      "worker_status = 'Active'",
                      {sid}, "2", seconds(60));
  for (const auto& [brick, state] : glusterWorkerStates(lab_.primary, secondaryUrl(secondary)))
    EXPECT_EQ(state, "Active") << "gluster CLI, brick " << brick;

  // Files written to the primary appear on the secondary, with their content (the default changelog
  // detector: gsyncd picks them from the brick changelog, rolled over every 15 s); a checkpoint set right
  // after them completes.
  {
    FuseMount primary(lab_, lab_.primary);
    const auto dir = primary.dir() / ("lifecycle-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    for (int i = 0; i < 5; ++i) std::ofstream(dir / ("file" + std::to_string(i))) << "content " << i << " of " << sid << "\n";
    const auto written = std::chrono::steady_clock::now();
    since = client_->lastEventId();
    const json checkpoint = ok("georep.config.set", {{"session_id", id}, {"key", "checkpoint"}, {"value", "now"}});
    EXPECT_EQ(checkpoint.value("key", ""), "checkpoint") << checkpoint.dump();
    // A change after the checkpoint time: an idle crawl does not advance the sync time (upstream's
    // schedule_georep.py touches the volume root for the same reason).
    std::ofstream(dir / "after-checkpoint") << "x\n";

    FuseMount replica(lab_, secondary);
    const auto remote = replica.dir() / dir.filename();
    std::string missing;
    const auto filesArrived = [&] {
      for (int i = 0; i < 5; ++i) {
        const auto f = remote / ("file" + std::to_string(i));
        if (!std::filesystem::exists(f) || readFile(f) != readFile(dir / f.filename())) {
          missing = f.string() + (std::filesystem::exists(f) ? " (content differs: \"" + readFile(f) + "\")" : " (absent)");
          return false;
        }
      }
      return true;
    };
    const std::string everyActiveDone =
        "SELECT bool_and(checkpoint_completed)::text FROM georep_session_bricks WHERE session_id = $1 AND "
        "worker_status = 'Active'";
    const auto checkpointDone = [&] { return sql_->scalar(everyActiveDone, {sid}) == "true"; };
    const auto reportArrival = [&] {
      const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - written);
      std::cout << "[ e2e ] changelog: 5 files on the secondary with their content and the checkpoint completed by "
                   "every Active worker "
                << took.count() / 1000.0 << " s after the files were written\n";
    };

    // The files arrive and every Active worker completes the checkpoint. GlusterFS 10.3 here sometimes never
    // hands live changelogs to a worker after a start: its libgfchangelog registration is logged, the brick
    // rolls its changelogs over, yet the worker stays in Changelog Crawl without a batch (4 of 4 runs on
    // 12-01 left one or both workers so, watched for 5 to 8 minutes, until stopped; README, "A worker may
    // never get live changelogs"). What an operator does then: stop and start the session; the worker
    // catches up through a history crawl, which reads the brick's changelog index rather than waiting for
    // notifications. The test does the same, through the API, says so, and then requires both again.
    if (waitUntil(seconds(60), [&] { return filesArrived() && checkpointDone(); }, std::chrono::milliseconds(1000))) {
      reportArrival();
    } else {
      std::cout << "[ e2e ] changelog: 60 s after the files were written, "
                << (filesArrived() ? std::string("they are on the secondary") : "first missing: " + missing)
                << "; workers (brick status checkpoint_completed): "
                << sql_->scalar("SELECT string_agg(b.path || ' ' || sb.worker_status || ' ' || "
                                "coalesce(sb.checkpoint_completed::text, '-'), ', ') FROM georep_session_bricks sb "
                                "JOIN georep_bricks b ON b.id = sb.brick_id WHERE sb.session_id = $1",
                                {sid}).value_or("?")
                << "; restarting the session through the API\n";
      ok("georep.session.stop", {{"session_id", id}});
      startAndWaitActive(id);
      const bool arrived = waitUntil(seconds(150), filesArrived, std::chrono::milliseconds(1000));
      EXPECT_TRUE(arrived) << "files written to " << lab_.primary << " did not reach " << secondary
                           << " within 150 s of a restart; first missing: " << missing;
      expectSqlEventually(everyActiveDone, {sid}, "true", seconds(120));
      if (arrived && checkpointDone()) reportArrival();
    }
    EXPECT_EQ(sql_->count("SELECT count(*) FROM georep_session_bricks WHERE session_id = $1 AND "
                          "checkpoint_time IS NOT NULL AND checkpoint_completion_time >= checkpoint_time",
                          {sid}),
              2);
    expectEvent("georep.checkpoint.completed", since, {{"session_id", id}}, seconds(30));
  }

  // Pause: stored PAUSED, workers Paused, gluster agrees; pausing again is a conflict.
  since = client_->lastEventId();
  const json paused = ok("georep.session.pause", {{"session_id", id}});
  EXPECT_EQ(paused.value("status", ""), "PAUSED") << paused.dump();
  EXPECT_EQ(sql_->scalar("SELECT status FROM georep_sessions WHERE id = $1", {sid}), "PAUSED");
  EXPECT_EQ(sql_->count("SELECT count(*) FROM georep_session_bricks WHERE session_id = $1 AND worker_status = 'Paused'",
                        {sid}),
            2);
  expectEvent("georep.session.paused", since, {{"session_id", id}}, seconds(5));
  for (const auto& [brick, state] : glusterWorkerStates(lab_.primary, secondaryUrl(secondary)))
    EXPECT_EQ(state, "Paused") << "gluster CLI, brick " << brick;
  refused("georep.session.pause", {{"session_id", id}}, "conflict");

  // Resume: back to running and ACTIVE.
  since = client_->lastEventId();
  ok("georep.session.resume", {{"session_id", id}});
  expectEvent("georep.session.resumed", since, {{"session_id", id}}, seconds(5));
  expectSqlEventually("SELECT status FROM georep_sessions WHERE id = $1", {sid}, "ACTIVE", seconds(90));

  // Config set and reset: stored value and default flag follow; glusterd agrees.
  since = client_->lastEventId();
  const json set = ok("georep.config.set", {{"session_id", id}, {"key", "sync-jobs"}, {"value", "5"}});
  EXPECT_EQ(set.value("key", ""), "sync_jobs") << set.dump();
  EXPECT_EQ(set.value("value", ""), "5") << set.dump();
  EXPECT_EQ(sql_->scalar("SELECT value || ' ' || is_default FROM georep_session_config WHERE session_id = $1 AND "
                         "key = 'sync_jobs'",
                         {sid}),
            "5 false");
  expectEvent("georep.config.set", since, {{"session_id", id}}, seconds(5));
  {
    const RunResult cli = Lab::gluster({"volume", "geo-replication", lab_.primary, secondaryUrl(secondary), "config"});
    EXPECT_NE(cli.out.find("<sync_jobs>5</sync_jobs>"), std::string::npos) << cli.describe();
  }
  since = client_->lastEventId();
  const json reset = ok("georep.config.reset", {{"session_id", id}, {"key", "sync_jobs"}});
  EXPECT_EQ(reset.value("value", ""), "3") << reset.dump();
  EXPECT_EQ(sql_->scalar("SELECT value || ' ' || is_default FROM georep_session_config WHERE session_id = $1 AND "
                         "key = 'sync_jobs'",
                         {sid}),
            "3 true");
  expectEvent("georep.config.reset", since, {{"session_id", id}}, seconds(5));
  refused("georep.config.set", {{"session_id", id}, {"key", "sync_jobs"}, {"value", "1000"}}, "invalid_argument");
  EXPECT_EQ(storedConfig(id, "sync_jobs"), "3") << "a refused value must not be stored";

  // Stop: STOPPED everywhere. Delete: gone from the database and from glusterd.
  since = client_->lastEventId();
  const json stopped = ok("georep.session.stop", {{"session_id", id}});
  EXPECT_EQ(stopped.value("status", ""), "STOPPED") << stopped.dump();
  EXPECT_EQ(sql_->scalar("SELECT status FROM georep_sessions WHERE id = $1", {sid}), "STOPPED");
  expectEvent("georep.session.stopped", since, {{"session_id", id}}, seconds(5));
  for (const auto& [brick, state] : glusterWorkerStates(lab_.primary, secondaryUrl(secondary)))
    EXPECT_EQ(state, "Stopped") << "gluster CLI, brick " << brick;

  since = client_->lastEventId();
  ok("georep.session.delete", {{"session_id", id}});
  EXPECT_EQ(sql_->count("SELECT count(*) FROM georep_sessions WHERE id = $1", {sid}), 0);
  EXPECT_EQ(sql_->count("SELECT count(*) FROM georep_session_bricks WHERE session_id = $1", {sid}), 0);
  EXPECT_EQ(sql_->count("SELECT count(*) FROM georep_session_config WHERE session_id = $1", {sid}), 0);
  expectEvent("georep.session.deleted", since, {{"session_id", id}}, seconds(5));
  EXPECT_TRUE(glusterWorkerStates(lab_.primary, secondaryUrl(secondary)).empty())
      << "glusterd still lists the deleted session";
  refused("georep.session.get", {{"session_id", id}}, "not_found");
}

}  // namespace
}  // namespace georep::testing::e2e
