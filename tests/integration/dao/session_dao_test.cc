// SessionDao, SessionBrickDao and ConfigDao on a real PostgreSQL: round trips, the unique
// (master volume, session key), cascades, and one transaction composed of several DAO calls rolled back.
#include "dao/session_dao.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "dao/config_dao.h"
#include "dao/session_brick_dao.h"
#include "dao/volume_dao.h"
#include "dao_fixture.h"

namespace georep::testing {
namespace {

using gluster::AggregateStatus;
using gluster::WorkerStatus;

class SessionDaoTest : public DaoTest {
 protected:
  void SetUp() override {
    DaoTest::SetUp();
    auto lease = database().lease(std::chrono::seconds(10));
  soci::session& sql = lease.sql();
    volumeId_ = dao::VolumeDao().upsert(sql, clusterId_, masterVolume());
  }

  dao::NewSession newSession(const std::string& secondaryVolume = "slavevol") {
    dao::NewSession s;
    s.clusterId = clusterId_;
    s.masterVolumeId = volumeId_;
    s.sessionKey = std::string(kNodeUuid) + ":ssh://vm::" + secondaryVolume + ":" + kSecondaryUuid;
    s.secondaryHost = "vm";
    s.secondaryVolume = secondaryVolume;
    s.secondaryVolumeUuid = kSecondaryUuid;
    s.status = AggregateStatus::kCreated;
    return s;
  }

  // Two workers as in status_detail_checkpoint_done.xml / status_session.xml.
  static gluster::SessionHealth health(WorkerStatus first, WorkerStatus second) {
    gluster::SessionHealth h;
    h.status = AggregateStatus::kActive;
    const auto v = masterVolume();
    for (int i = 0; i < 2; ++i) {
      gluster::BrickWorker w;
      w.position = i;
      w.replicaSet = 0;
      w.brick = v.bricks[i];
      w.status.primaryNode = "vm";
      w.status.primaryBrick = v.bricks[i].path;
      w.status.status = i == 0 ? first : second;
      h.workers.push_back(w);
    }
    auto& a = h.workers[0].status;
    a.crawlStatus = "Hybrid Crawl";
    a.entry = 1;
    a.data = 2;
    a.meta = 3;
    a.failures = 4;
    a.checkpointCompleted = true;
    a.lastSynced = gluster::TimePoint{std::chrono::seconds{1795262501}};         // 2026-11-21 12:01:41
    a.checkpointTime = gluster::TimePoint{std::chrono::seconds{1795262396}};     // 11:59:56
    a.checkpointCompletionTime = gluster::TimePoint{std::chrono::seconds{1795262539}};
    a.secondaryNode = "vm";
    return h;
  }

  std::int64_t volumeId_ = 0;
};

TEST_F(SessionDaoTest, InsertFindAndListRoundTrip) {
  auto lease = database().lease(std::chrono::seconds(10));
  soci::session& sql = lease.sql();
  dao::SessionDao dao;
  const auto id = dao.insert(sql, newSession());
  auto s = dao.findById(sql, id);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->clusterId, clusterId_);
  EXPECT_EQ(s->masterVolumeId, volumeId_);
  EXPECT_EQ(s->masterVolume, "mastervol");
  EXPECT_EQ(s->sessionKey, kSessionKey);
  EXPECT_EQ(s->secondaryHost, "vm");
  EXPECT_EQ(s->secondaryUser, "root");
  EXPECT_EQ(s->secondaryVolume, "slavevol");
  ASSERT_TRUE(s->secondaryVolumeUuid.has_value());
  EXPECT_EQ(*s->secondaryVolumeUuid, kSecondaryUuid);
  EXPECT_EQ(s->status, AggregateStatus::kCreated);
  EXPECT_EQ(s->missedListings, 0);
  EXPECT_GT(s->createdAt.time_since_epoch().count(), 0);

  auto noUuid = newSession("slavevol2");
  noUuid.secondaryVolumeUuid.reset();
  noUuid.secondaryUser = "geoaccount";
  const auto id2 = dao.insert(sql, noUuid);
  auto s2 = dao.findById(sql, id2);
  ASSERT_TRUE(s2.has_value());
  EXPECT_FALSE(s2->secondaryVolumeUuid.has_value());
  EXPECT_EQ(s2->secondaryUser, "geoaccount");

  EXPECT_EQ(dao.listByCluster(sql, clusterId_).size(), 2u);
  EXPECT_EQ(dao.listByVolume(sql, volumeId_).size(), 2u);
  EXPECT_EQ(dao.listAll(sql).size(), 2u);
  EXPECT_EQ(dao.listByCluster(sql, clusterId_ + 1000).size(), 0u);
  auto pair = dao.findByPair(sql, volumeId_, "vm", "slavevol2");
  ASSERT_TRUE(pair.has_value());
  EXPECT_EQ(pair->id, id2);
  EXPECT_FALSE(dao.findByPair(sql, volumeId_, "other", "slavevol").has_value());
  EXPECT_EQ(dao.findByKey(sql, volumeId_, kSessionKey)->id, id);
  EXPECT_FALSE(dao.findById(sql, id2 + 100).has_value());
}

TEST_F(SessionDaoTest, SameMasterVolumeAndKeyIsOneRow) {
  auto lease = database().lease(std::chrono::seconds(10));
  soci::session& sql = lease.sql();
  dao::SessionDao dao;
  const auto id = dao.insert(sql, newSession());
  auto again = newSession();
  again.status = AggregateStatus::kActive;
  EXPECT_EQ(dao.insert(sql, again), id);  // the existing row, updated
  EXPECT_EQ(dao.findById(sql, id)->status, AggregateStatus::kActive);
  EXPECT_EQ(count("georep_sessions"), 1);

  // The constraint itself, without the DAO's upsert.
  long long cid = clusterId_, vid = volumeId_;
  std::string key = kSessionKey;
  EXPECT_THROW((sql << "INSERT INTO georep_sessions (cluster_id, master_volume_id, session_key, secondary_host, "
                       "secondary_volume) VALUES (:c, :v, :k, 'vm', 'slavevol')",
                soci::use(cid, "c"), soci::use(vid, "v"), soci::use(key, "k")),
               soci::soci_error);
}

TEST_F(SessionDaoTest, UpdateStatusAndRemove) {
  auto lease = database().lease(std::chrono::seconds(10));
  soci::session& sql = lease.sql();
  dao::SessionDao dao;
  const auto id = dao.insert(sql, newSession());
  EXPECT_TRUE(dao.updateStatus(sql, id, AggregateStatus::kUnknown, "0:Active,1:Config Corrupted"));
  auto s = dao.findById(sql, id);
  EXPECT_EQ(s->status, AggregateStatus::kUnknown);
  EXPECT_EQ(s->rawWorkerStates, "0:Active,1:Config Corrupted");
  EXPECT_FALSE(dao.updateStatus(sql, id + 1, AggregateStatus::kActive, ""));
  EXPECT_TRUE(dao.remove(sql, id));
  EXPECT_FALSE(dao.remove(sql, id));
  EXPECT_FALSE(dao.findById(sql, id).has_value());
}

TEST_F(SessionDaoTest, SessionBricksRoundTripEveryField) {
  auto lease = database().lease(std::chrono::seconds(10));
  soci::session& sql = lease.sql();
  const auto id = dao::SessionDao().insert(sql, newSession());
  dao::SessionBrickDao bricks;
  bricks.replace(sql, id, volumeId_, health(WorkerStatus::kActive, WorkerStatus::kOffline));

  auto rows = bricks.list(sql, id);
  ASSERT_EQ(rows.size(), 2u);
  const auto& a = rows[0];
  EXPECT_EQ(a.sessionId, id);
  EXPECT_EQ(a.position, 0);
  EXPECT_EQ(a.replicaSet, 0);
  EXPECT_EQ(a.host, "vm");
  EXPECT_EQ(a.path, "/bricks/m1");
  EXPECT_EQ(a.workerStatus, WorkerStatus::kActive);
  EXPECT_EQ(a.secondaryNode, "vm");
  EXPECT_EQ(a.crawlStatus, "Hybrid Crawl");
  EXPECT_EQ(a.entryPending, 1);
  EXPECT_EQ(a.dataPending, 2);
  EXPECT_EQ(a.metaPending, 3);
  EXPECT_EQ(a.failures, 4);
  EXPECT_EQ(a.checkpointCompleted, true);
  ASSERT_TRUE(a.lastSynced.has_value());
  EXPECT_EQ(a.lastSynced->time_since_epoch().count(), 1795262501);
  EXPECT_EQ(a.checkpointTime->time_since_epoch().count(), 1795262396);
  EXPECT_EQ(a.checkpointCompletionTime->time_since_epoch().count(), 1795262539);

  const auto& b = rows[1];
  EXPECT_EQ(b.path, "/bricks/m2");
  EXPECT_EQ(b.workerStatus, WorkerStatus::kOffline);
  EXPECT_FALSE(b.secondaryNode.has_value());
  EXPECT_FALSE(b.crawlStatus.has_value());
  EXPECT_FALSE(b.entryPending.has_value());
  EXPECT_FALSE(b.failures.has_value());
  EXPECT_FALSE(b.checkpointCompleted.has_value());
  EXPECT_FALSE(b.lastSynced.has_value());
  EXPECT_FALSE(b.checkpointCompletionTime.has_value());

  // Replace: new states, one worker fewer -> its row is removed; the other row is updated in place.
  auto h = health(WorkerStatus::kStopped, WorkerStatus::kStopped);
  h.workers.pop_back();
  h.workers[0].status = gluster::BrickStatus{};
  h.workers[0].status.status = WorkerStatus::kStopped;
  bricks.replace(sql, id, volumeId_, h);
  rows = bricks.list(sql, id);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].workerStatus, WorkerStatus::kStopped);
  EXPECT_FALSE(rows[0].crawlStatus.has_value());
  EXPECT_FALSE(rows[0].lastSynced.has_value());
}

TEST_F(SessionDaoTest, WorkerOfAnUnknownBrickIsRefused) {
  auto lease = database().lease(std::chrono::seconds(10));
  soci::session& sql = lease.sql();
  const auto id = dao::SessionDao().insert(sql, newSession());
  auto h = health(WorkerStatus::kActive, WorkerStatus::kActive);
  h.workers[1].brick.path = "/bricks/elsewhere";
  soci::transaction tr(sql);
  EXPECT_THROW(dao::SessionBrickDao().replace(sql, id, volumeId_, h), std::runtime_error);
  tr.rollback();
  EXPECT_EQ(count("georep_session_bricks"), 0);
}

TEST_F(SessionDaoTest, ConfigReplaceAllMarksDefaultsAndDropsUnlistedKeys) {
  auto lease = database().lease(std::chrono::seconds(10));
  soci::session& sql = lease.sql();
  const auto id = dao::SessionDao().insert(sql, newSession());
  dao::ConfigDao config;
  gluster::ConfigMap map{{"sync_jobs", "3"},
                         {"change_detector", "xsync"},
                         {"log_file", "/var/log/glusterfs/geo-replication/mastervol_vm_slavevol/gsyncd.log"},
                         {"allow_network", ""}};
  config.replaceAll(sql, id, map);
  auto rows = config.list(sql, id);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].key, "allow_network");  // sorted
  EXPECT_EQ(rows[0].value, "");
  EXPECT_EQ(rows[1].key, "change_detector");
  EXPECT_FALSE(rows[1].isDefault);  // default is changelog
  EXPECT_EQ(rows[3].key, "sync_jobs");
  EXPECT_TRUE(rows[3].isDefault);
  EXPECT_TRUE(config.find(sql, id, "log_file")->isDefault);  // derived per session: no fixed default

  map["sync_jobs"] = "7";
  map.erase("allow_network");
  config.replaceAll(sql, id, map);
  rows = config.list(sql, id);
  ASSERT_EQ(rows.size(), 3u);
  auto jobs = config.find(sql, id, "sync_jobs");
  ASSERT_TRUE(jobs.has_value());
  EXPECT_EQ(jobs->value, "7");
  EXPECT_FALSE(jobs->isDefault);
  EXPECT_FALSE(config.find(sql, id, "allow_network").has_value());

  config.replaceAll(sql, id, {});
  EXPECT_TRUE(config.list(sql, id).empty());
}

TEST_F(SessionDaoTest, DeletingSessionVolumeOrClusterCascades) {
  auto lease = database().lease(std::chrono::seconds(10));
  soci::session& sql = lease.sql();
  dao::SessionDao sessions;
  const auto a = sessions.insert(sql, newSession("slavevol"));
  const auto b = sessions.insert(sql, newSession("slavevol2"));
  for (auto id : {a, b}) {
    dao::SessionBrickDao().replace(sql, id, volumeId_, health(WorkerStatus::kActive, WorkerStatus::kPassive));
    dao::ConfigDao().replaceAll(sql, id, {{"sync_jobs", "3"}});
  }
  EXPECT_EQ(count("georep_session_bricks"), 4);
  EXPECT_EQ(count("georep_session_config"), 2);

  sessions.remove(sql, a);
  EXPECT_EQ(count("georep_session_bricks"), 2);
  EXPECT_EQ(count("georep_session_config"), 1);

  // A brick removed from the volume takes its session rows with it.
  auto v = masterVolume();
  v.bricks.pop_back();
  dao::VolumeDao().upsert(sql, clusterId_, v);
  EXPECT_EQ(count("georep_session_bricks"), 1);

  long long cid = clusterId_;
  sql << "DELETE FROM clusters WHERE id = :id", soci::use(cid, "id");
  EXPECT_EQ(count("georep_sessions"), 0);
  EXPECT_EQ(count("georep_session_bricks"), 0);
  EXPECT_EQ(count("georep_session_config"), 0);
  EXPECT_EQ(count("georep_volumes"), 0);
}

TEST_F(SessionDaoTest, OneTransactionOfSeveralDaoCallsRollsBackWhole) {
  auto lease = database().lease(std::chrono::seconds(10));
  soci::session& sql = lease.sql();
  auto v = masterVolume();
  v.state = gluster::VolumeState::kStopped;
  try {
    soci::transaction tr(sql);
    dao::VolumeDao().upsert(sql, clusterId_, v);
    const auto id = dao::SessionDao().insert(sql, newSession());
    dao::SessionBrickDao().replace(sql, id, volumeId_, health(WorkerStatus::kActive, WorkerStatus::kActive));
    dao::ConfigDao().replaceAll(sql, id, {{"sync_jobs", "3"}});
    // A write the database refuses midway (status outside the CHECK list).
    long long sid = id;
    sql << "UPDATE georep_sessions SET status = 'BOGUS' WHERE id = :id", soci::use(sid, "id");
    tr.commit();
    FAIL() << "the CHECK constraint should have refused the update";
  } catch (const soci::soci_error&) {
  }
  EXPECT_EQ(count("georep_sessions"), 0);
  EXPECT_EQ(count("georep_session_bricks"), 0);
  EXPECT_EQ(count("georep_session_config"), 0);
  EXPECT_EQ(dao::VolumeDao().findById(sql, volumeId_)->state, gluster::VolumeState::kStarted);
}

}  // namespace
}  // namespace georep::testing
