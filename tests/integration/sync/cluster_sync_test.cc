// Scenario tests of one cluster's reconciliation (sync-jobs/cluster_sync.h) replaying sequences of real
// GlusterFS 10.3 captures (and variants built from them) against a real PostgreSQL. Each asserts what the
// database holds and the exact events raised.
#include <future>
#include <thread>

#include "dao/session_lock.h"
#include "sync_fixture.h"

namespace georep::testing {
namespace {

using Outcome = sync::CycleReport::Outcome;

class ClusterSyncTest : public SyncTest {};

TEST_F(ClusterSyncTest, DiscoversSessionWithItsBricksAndVolumes) {
  answer(readFixture("status_detail_active.xml"));
  const auto report = cycle();
  EXPECT_EQ(report.outcome, Outcome::kOk) << report.error;
  EXPECT_EQ(report.host, "vm");
  EXPECT_EQ(report.discovered, 1u);
  EXPECT_EQ(fake("vm").callCount(), 2u);  // one volume info, one status for all sessions

  EXPECT_EQ(count("georep_volumes"), 3);
  EXPECT_EQ(count("georep_bricks"), 4);
  const auto rows = sessions();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].masterVolume, "mastervol");
  EXPECT_EQ(rows[0].status, "ACTIVE");
  EXPECT_EQ(rows[0].secondaryHost, "vm");
  EXPECT_EQ(rows[0].secondaryUser, "root");
  EXPECT_EQ(rows[0].secondaryVolume, "slavevol");
  EXPECT_EQ(rows[0].secondaryUuid, "40f418a6-f1fd-4f38-b70f-001c1121d300");
  EXPECT_EQ(rows[0].missed, 0);
  const auto b = bricks(rows[0].id);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].path, "/bricks/m1");
  EXPECT_EQ(b[0].worker, "Active");
  EXPECT_EQ(b[0].crawl, std::optional<std::string>("Changelog Crawl"));
  EXPECT_EQ(b[0].entry, std::optional<long long>(0));
  EXPECT_EQ(b[0].lastSynced, std::optional<std::string>("2026-11-21 11:58:27"));
  EXPECT_EQ(b[1].path, "/bricks/m2");
  EXPECT_EQ(b[1].worker, "Faulty");
  EXPECT_FALSE(b[1].crawl.has_value());
  EXPECT_FALSE(b[1].lastSynced.has_value());

  EXPECT_EQ(events_.names(), (std::vector<std::string>{"georep.session.discovered"}));
  const auto e = events_.events()[0];
  EXPECT_EQ(e.body["session_id"], rows[0].id);
  EXPECT_EQ(e.body["cluster"], "c1");
  EXPECT_EQ(e.body["status"], "ACTIVE");
  EXPECT_EQ(e.body["session_key"], kKey);
  EXPECT_EQ(e.correlationId, "test-corr");

  const auto s = syncRow(cluster_.id);
  EXPECT_TRUE(s.exists);
  EXPECT_TRUE(s.reachable);
  EXPECT_TRUE(s.hasSuccess);
}

TEST_F(ClusterSyncTest, CycleWithoutChangeWritesNothingAndRaisesNothing) {
  answer(readFixture("status_detail_active.xml"));
  cycle();
  events_.clear();
  const std::string before = fingerprint();
  const auto report = cycle();
  EXPECT_EQ(report.outcome, Outcome::kOk);
  EXPECT_FALSE(report.wrote);
  EXPECT_FALSE(report.changed());
  EXPECT_EQ(fingerprint(), before);
  EXPECT_TRUE(events_.names().empty());
  EXPECT_EQ(fake("vm").callCount(), 4u);
}

TEST_F(ClusterSyncTest, StatusChangesFaultyAndRecovery) {
  answer(readFixture("status_detail_active.xml"));
  cycle();
  const auto id = sessions().at(0).id;
  events_.clear();

  // Both workers Faulty: the session is FAULTY; m1 went down (m2 was down already).
  fake("vm").clearRules();
  answer(statusWith("Faulty", "Faulty"));
  cycle();
  EXPECT_EQ(sessions().at(0).status, "FAULTY");
  EXPECT_EQ(bricks(id).at(0).worker, "Faulty");
  EXPECT_EQ(events_.names(), (std::vector<std::string>{"georep.session.status_changed", "georep.brick.faulty"}));
  auto all = events_.events();
  EXPECT_EQ(all[0].body["old"], "ACTIVE");
  EXPECT_EQ(all[0].body["new"], "FAULTY");
  EXPECT_EQ(all[0].severity, api::Severity::kError);
  EXPECT_EQ(all[1].body["brick"], "vm:/bricks/m1");
  EXPECT_EQ(all[1].body["old"], "Active");
  EXPECT_EQ(all[1].body["new"], "Faulty");

  // Same answer again: once per change, not once per cycle.
  events_.clear();
  cycle();
  EXPECT_TRUE(events_.names().empty());

  // Recovery: both Active (the checkpoint capture).
  fake("vm").clearRules();
  answer(readFixture("status_detail_checkpoint.xml"));
  cycle();
  EXPECT_EQ(sessions().at(0).status, "ACTIVE");
  EXPECT_EQ(bricks(id).at(1).worker, "Active");
  EXPECT_EQ(events_.names(), (std::vector<std::string>{"georep.session.status_changed", "georep.brick.recovered",
                                                       "georep.brick.recovered"}));
  all = events_.events();
  EXPECT_EQ(all[0].body["old"], "FAULTY");
  EXPECT_EQ(all[0].body["new"], "ACTIVE");
  EXPECT_EQ(all[1].body["brick"], "vm:/bricks/m1");
  EXPECT_EQ(all[2].body["brick"], "vm:/bricks/m2");
}

TEST_F(ClusterSyncTest, CheckpointCompletionIsRaisedOnce) {
  answer(readFixture("status_detail_checkpoint.xml"));
  cycle();
  const auto id = sessions().at(0).id;
  EXPECT_EQ(bricks(id).at(0).completed, std::optional<int>(0));
  events_.clear();

  fake("vm").clearRules();
  answer(readFixture("status_detail_checkpoint_done.xml"));
  cycle();
  EXPECT_EQ(events_.names(), (std::vector<std::string>{"georep.checkpoint.completed"}));
  const auto e = events_.events()[0];
  EXPECT_EQ(e.body["session_id"], id);
  EXPECT_EQ(e.body["checkpoint_time"], "2026-11-21T11:59:56Z");
  EXPECT_EQ(e.body["completed_at"], "2026-11-21T12:02:19Z");
  const auto b = bricks(id);
  for (const auto& row : b) {
    EXPECT_EQ(row.completed, std::optional<int>(1));
    EXPECT_EQ(row.checkpointTime, std::optional<std::string>("2026-11-21 11:59:56"));
    EXPECT_EQ(row.completionTime, std::optional<std::string>("2026-11-21 12:02:19"));
    EXPECT_EQ(row.crawl, std::optional<std::string>("Hybrid Crawl"));
  }
  events_.clear();
  cycle();
  EXPECT_TRUE(events_.names().empty());
}

TEST_F(ClusterSyncTest, SessionDeletedOutsideIsRemovedAfterTwoMisses) {
  answer(readFixture("status_detail_active.xml"));
  cycle();
  const auto id = sessions().at(0).id;
  {
    auto lease = db_->database().lease(std::chrono::seconds(10));
    soci::session& sql = lease.sql();
    sql << "INSERT INTO georep_session_config (session_id, key, value, is_default) VALUES (" + std::to_string(id) +
               ", 'sync_jobs', '3', true)";
  }
  events_.clear();

  // The last session was deleted with the gluster CLI: `status --xml` fails the same way as a real
  // failure; the plain-text status says there is none.
  fake("vm").clearRules();
  answerNoSessions();
  auto first = cycle();
  EXPECT_EQ(first.outcome, Outcome::kOk) << first.error;
  EXPECT_TRUE(first.listingComplete);
  ASSERT_EQ(sessions().size(), 1u);
  EXPECT_EQ(sessions()[0].missed, 1);
  EXPECT_EQ(bricks(id).size(), 2u);
  EXPECT_TRUE(events_.names().empty());

  auto second = cycle();
  EXPECT_EQ(second.vanished, 1u);
  EXPECT_TRUE(sessions().empty());
  EXPECT_EQ(count("georep_session_bricks"), 0);
  EXPECT_EQ(count("georep_session_config"), 0);
  EXPECT_EQ(events_.names(), (std::vector<std::string>{"georep.session.vanished"}));
  EXPECT_EQ(events_.events()[0].body["session_id"], id);
  EXPECT_EQ(events_.events()[0].body["last_status"], "ACTIVE");

  // Nothing more happens afterwards.
  events_.clear();
  const std::string before = fingerprint();
  cycle();
  EXPECT_EQ(fingerprint(), before);
  EXPECT_TRUE(events_.names().empty());
}

TEST_F(ClusterSyncTest, ASingleMissThenBackKeepsTheSession) {
  answer(readFixture("status_detail_active.xml"));
  cycle();
  fake("vm").clearRules();
  answerNoSessions();
  cycle();
  fake("vm").clearRules();
  answer(readFixture("status_detail_active.xml"));
  events_.clear();
  cycle();
  ASSERT_EQ(sessions().size(), 1u);
  EXPECT_EQ(sessions()[0].missed, 0);
  EXPECT_TRUE(events_.names().empty());
}

TEST_F(ClusterSyncTest, FallsBackToTheNextHostWhenOneIsDown) {
  hostDown("vm");
  answer(readFixture("status_detail_active.xml"), "vm2");
  const auto report = cycle();
  EXPECT_EQ(report.outcome, Outcome::kOk) << report.error;
  EXPECT_EQ(report.host, "vm2");
  ASSERT_EQ(sessions().size(), 1u);
  EXPECT_EQ(sessions()[0].status, "ACTIVE");
  EXPECT_EQ(events_.names(), (std::vector<std::string>{"georep.session.discovered"}));
  EXPECT_EQ(hostState("vm"), api::HostState::kDown);
  EXPECT_EQ(hostState("vm2"), api::HostState::kUp);
  EXPECT_EQ(fake("vm2").callCount(), 2u);
  EXPECT_TRUE(syncRow(cluster_.id).reachable);
}

TEST_F(ClusterSyncTest, AllHostsDownChangesAndDeletesNothing) {
  answer(readFixture("status_detail_active.xml"));
  cycle();
  const auto stored = sessions();
  events_.clear();

  hostDown("vm");
  hostDown("vm2");
  const std::string before = fingerprint();
  for (int i = 0; i < 3; ++i) {
    const auto report = cycle();
    EXPECT_EQ(report.outcome, Outcome::kUnreachable);
    EXPECT_NE(report.error.find("no host of cluster c1 answered"), std::string::npos) << report.error;
  }
  // Only the cluster's sync row changed; the sessions are all there, untouched.
  ASSERT_EQ(sessions().size(), 1u);
  EXPECT_EQ(sessions()[0].status, stored[0].status);
  EXPECT_EQ(sessions()[0].missed, 0);
  EXPECT_EQ(bricks(stored[0].id).size(), 2u);
  std::string after = fingerprint();
  EXPECT_EQ(before.substr(0, before.find("georep_cluster_sync")), after.substr(0, after.find("georep_cluster_sync")));
  EXPECT_FALSE(syncRow(cluster_.id).reachable);
  EXPECT_EQ(events_.names(), (std::vector<std::string>{"georep.cluster.unreachable"}));
  EXPECT_EQ(events_.events()[0].severity, api::Severity::kError);
  EXPECT_EQ(events_.events()[0].body["cluster"], "c1");

  // Back: reachable once, state unchanged (nothing changed in GlusterFS either).
  fake("vm2").clearRules();
  answer(readFixture("status_detail_active.xml"), "vm2");
  events_.clear();
  const auto back = cycle();
  EXPECT_EQ(back.outcome, Outcome::kOk);
  EXPECT_EQ(events_.names(), (std::vector<std::string>{"georep.cluster.reachable"}));
  const auto s = syncRow(cluster_.id);
  EXPECT_TRUE(s.reachable);
  EXPECT_EQ(s.lastError, "");
}

TEST_F(ClusterSyncTest, MalformedOutputChangesNothing) {
  answer(readFixture("status_detail_active.xml"));
  cycle();
  events_.clear();
  const auto stored = sessions();

  // Truncated status (the node died mid-answer), then the session gone from a truncated answer.
  const std::string full = statusWith("Faulty", "Faulty");
  fake("vm").clearRules();
  answer(full.substr(0, full.size() / 2));
  const std::string before = fingerprint();
  for (int i = 0; i < 2; ++i) {
    const auto report = cycle();
    EXPECT_EQ(report.outcome, Outcome::kFailed);
    EXPECT_NE(report.error.find("malformed_xml"), std::string::npos) << report.error;
  }
  ASSERT_EQ(sessions().size(), 1u);
  EXPECT_EQ(sessions()[0].status, "ACTIVE");
  EXPECT_EQ(sessions()[0].missed, 0);
  EXPECT_EQ(bricks(stored[0].id).at(0).worker, "Active");
  EXPECT_TRUE(events_.names().empty());
  // The error is recorded on the cluster's sync row, and nothing else was written.
  const std::string after = fingerprint();
  EXPECT_EQ(before.substr(0, before.find("georep_cluster_sync")), after.substr(0, after.find("georep_cluster_sync")));
  const auto s = syncRow(cluster_.id);
  EXPECT_TRUE(s.reachable);
  EXPECT_NE(s.lastError.find("malformed_xml"), std::string::npos);

  // Garbage volume info: the same.
  fake("vm").clearRules();
  answer(readFixture("status_detail_active.xml"), "vm", "<cliOutput><opRet>0</opRet><volInfo><volumes><volume>");
  EXPECT_EQ(cycle().outcome, Outcome::kFailed);
  EXPECT_EQ(sessions().size(), 1u);
  EXPECT_TRUE(events_.names().empty());

  // A plain-text answer that is not "no sessions": a failure, never an empty listing.
  fake("vm").clearRules();
  fake("vm").on({"--xml", "volume", "info"}, gluster::ExecResult{0, readFixture("volinfo.xml"), ""});
  fake("vm").on({"--xml", "geo-replication", "status"}, gluster::ExecResult{2, kNoSessionsXml, ""});
  fake("vm").on({"geo-replication", "status"}, gluster::ExecResult{1, "", "Another transaction is in progress.\n"});
  for (int i = 0; i < 2; ++i) EXPECT_EQ(cycle().outcome, Outcome::kFailed);
  ASSERT_EQ(sessions().size(), 1u);
  EXPECT_EQ(sessions()[0].missed, 0);
  EXPECT_TRUE(events_.names().empty());
}

TEST_F(ClusterSyncTest, NodeMissingFromStatusRecordsItsBrickOffline) {
  // mastervol's second brick on vm2; status from vm lists only vm's pair.
  const std::string volinfo =
      replaceAll(readFixture("volinfo.xml"), "vm:/bricks/m2<name>vm:/bricks/m2</name><hostUuid>6661d41d-619e-467f-8b44-0f4066203ac7",
                 "vm2:/bricks/m2<name>vm2:/bricks/m2</name><hostUuid>7772e52e-720f-478a-9c55-1a5177314bd8");
  std::string status = readFixture("status_detail_active.xml");
  const auto second = status.find("<pair>", status.find("<pair>") + 1);
  status.erase(second, status.find("</pair>", second) + 7 - second);
  answer(status, "vm", volinfo);
  cycle();
  const auto rows = sessions();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].status, "ACTIVE");
  const auto b = bricks(rows[0].id);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[1].host, "vm2");
  EXPECT_EQ(b[1].worker, "Offline");
  EXPECT_FALSE(b[1].crawl.has_value());
}

TEST_F(ClusterSyncTest, SessionHeldByACommandIsSkippedThisCycle) {
  answer(readFixture("status_detail_active.xml"));
  cycle();
  const auto id = sessions().at(0).id;
  events_.clear();
  fake("vm").clearRules();
  answer(statusWith("Faulty", "Faulty"));
  {
    // A command on another thread (a thread holds one lease) holds the session meanwhile.
    std::promise<void> held;
    std::promise<void> release;
    auto command = std::async(std::launch::async, [&] {
      auto lock = dao::SessionLock::forSession(db_->database(), id, std::chrono::seconds(5));
      held.set_value();
      release.get_future().wait();
    });
    held.get_future().wait();
    const auto report = cycle();
    EXPECT_EQ(report.skippedLocked, 1u);
    EXPECT_EQ(sessions().at(0).status, "ACTIVE");
    EXPECT_TRUE(events_.names().empty());
    release.set_value();
    command.get();
  }
  const auto report = cycle();
  EXPECT_EQ(report.skippedLocked, 0u);
  EXPECT_EQ(sessions().at(0).status, "FAULTY");
  EXPECT_EQ(events_.names(), (std::vector<std::string>{"georep.session.status_changed", "georep.brick.faulty"}));
}

TEST_F(ClusterSyncTest, SessionWrittenMeanwhileIsNotOverwrittenWithOlderState) {
  answer(readFixture("status_detail_active.xml"));
  cycle();
  const auto id = sessions().at(0).id;
  events_.clear();
  // The status answer is slow; meanwhile a command stores the session as STOPPED.
  fake("vm").clearRules();
  fake("vm").on({"--xml", "volume", "info"}, gluster::ExecResult{0, readFixture("volinfo.xml"), ""});
  fake("vm").on({"--xml", "geo-replication", "status"}, gluster::ExecResult{0, statusWith("Faulty", "Faulty"), ""},
                std::chrono::milliseconds(400));
  std::thread command([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto lease = db_->database().lease(std::chrono::seconds(10));
    soci::session& sql = lease.sql();
    sql << "UPDATE georep_sessions SET status = 'STOPPED', updated_at = now() WHERE id = " + std::to_string(id);
  });
  const auto report = cycle();
  command.join();
  EXPECT_EQ(report.skippedStale, 1u);
  EXPECT_EQ(sessions().at(0).status, "STOPPED");
  EXPECT_TRUE(events_.names().empty());
  // Next cycle reconciles from the fresh state.
  cycle();
  EXPECT_EQ(sessions().at(0).status, "FAULTY");
  EXPECT_EQ(events_.names(), (std::vector<std::string>{"georep.session.status_changed", "georep.brick.faulty"}));
  EXPECT_EQ(events_.events()[0].body["old"], "STOPPED");
}

TEST_F(ClusterSyncTest, ConfigDriftIsStoredWithAnEvent) {
  answer(readFixture("status_detail_active.xml"));
  cycle();
  const auto id = sessions().at(0).id;
  events_.clear();
  fake("vm").on({"geo-replication", "mastervol", "vm::slavevol", "config"},
                gluster::ExecResult{0, readFixture("config.xml"), ""});

  // First read: stored silently.
  auto first = sync_->runConfig(cluster_, std::nullopt, "corr-config");
  EXPECT_EQ(first.outcome, Outcome::kOk) << first.error;
  EXPECT_EQ(first.configsWritten, 1u);
  EXPECT_GT(count("georep_session_config"), 50);
  EXPECT_EQ(config(id, "sync_jobs"), std::optional<std::string>("3"));
  EXPECT_EQ(configIsDefault(id, "sync_jobs"), std::optional<bool>(true));
  EXPECT_TRUE(events_.names().empty());

  // Unchanged: nothing written.
  const std::string before = fingerprint();
  auto same = sync_->runConfig(cluster_, std::nullopt, "corr-config");
  EXPECT_FALSE(same.wrote);
  EXPECT_EQ(fingerprint(), before);

  // Changed with the gluster CLI.
  fake("vm").clearRules();
  fake("vm").on({"geo-replication", "mastervol", "vm::slavevol", "config"},
                gluster::ExecResult{0, configWith("sync_jobs", "6"), ""});
  auto drift = sync_->runConfig(cluster_, std::nullopt, "corr-config");
  EXPECT_EQ(drift.configsWritten, 1u);
  EXPECT_EQ(config(id, "sync_jobs"), std::optional<std::string>("6"));
  EXPECT_EQ(configIsDefault(id, "sync_jobs"), std::optional<bool>(false));
  EXPECT_EQ(events_.names(), (std::vector<std::string>{"georep.config.changed_externally"}));
  const auto e = events_.events()[0];
  EXPECT_EQ(e.body["session_id"], id);
  EXPECT_EQ(e.correlationId, "corr-config");
  ASSERT_EQ(e.body["changes"].size(), 1u);
  EXPECT_EQ(e.body["changes"][0]["key"], "sync_jobs");
  EXPECT_EQ(e.body["changes"][0]["old"], "3");
  EXPECT_EQ(e.body["changes"][0]["new"], "6");

  // Restricted to other sessions: nothing asked of GlusterFS.
  const auto calls = fake("vm").callCount();
  sync_->runConfig(cluster_, std::set<std::int64_t>{id + 1000}, "corr-config");
  EXPECT_EQ(fake("vm").callCount(), calls);
}

TEST_F(ClusterSyncTest, SessionCreatedByACommandIsNotRediscovered) {
  // A command stored the session (same key) between the snapshot and the write: the insert yields to it.
  answer(readFixture("status_detail_active.xml"));
  fake("vm").clearRules();
  fake("vm").on({"--xml", "volume", "info"}, gluster::ExecResult{0, readFixture("volinfo.xml"), ""});
  fake("vm").on({"--xml", "geo-replication", "status"}, gluster::ExecResult{0, readFixture("status_detail_active.xml"), ""},
                std::chrono::milliseconds(400));
  std::thread command([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto lease = db_->database().lease(std::chrono::seconds(10));
    soci::session& sql = lease.sql();
    sql << "INSERT INTO georep_volumes (cluster_id, name, volume_uuid, volume_type, status, brick_count, "
           "replica_count) VALUES (" + std::to_string(cluster_.id) +
               ", 'mastervol', '28731639-9bfa-453f-9f57-5525d32a9d86', 'Replicate', 'Started', 2, 2)";
    sql << "INSERT INTO georep_sessions (cluster_id, master_volume_id, session_key, secondary_host, secondary_volume, "
           "status) SELECT " + std::to_string(cluster_.id) +
               ", id, '" + kKey + "', 'vm', 'slavevol', 'CREATED' FROM georep_volumes WHERE name = 'mastervol'";
  });
  const auto report = cycle();
  command.join();
  EXPECT_EQ(report.outcome, Outcome::kOk) << report.error;
  EXPECT_EQ(report.skippedConflict, 1u);
  EXPECT_TRUE(events_.names().empty());
  ASSERT_EQ(sessions().size(), 1u);
  EXPECT_EQ(sessions()[0].status, "CREATED");
  // The next cycle treats it as a stored session.
  cycle();
  EXPECT_EQ(sessions()[0].status, "ACTIVE");
  EXPECT_EQ(events_.names(), (std::vector<std::string>{"georep.session.status_changed"}));
}

}  // namespace
}  // namespace georep::testing
