// VolumeDao on a real PostgreSQL: round trips of volumes and bricks, replica sets, stable brick ids
// across refreshes, removal of bricks and volumes no longer listed, cascades.
#include "dao/volume_dao.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "dao/session_dao.h"
#include "dao_fixture.h"

namespace georep::testing {
namespace {

using dao::VolumeDao;

class VolumeDaoTest : public DaoTest {};

TEST_F(VolumeDaoTest, UpsertStoresVolumeAndBricksInOrderWithReplicaSets) {
  auto lease = database().lease(std::chrono::seconds(10));
  soci::session& sql = lease.sql();
  VolumeDao dao;
  const auto id = dao.upsert(sql, clusterId_, masterVolume());

  auto v = dao.findByName(sql, clusterId_, "mastervol");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->id, id);
  EXPECT_EQ(v->clusterId, clusterId_);
  EXPECT_EQ(v->uuid, kMasterUuid);
  EXPECT_EQ(v->type, "Replicate");
  EXPECT_EQ(v->state, gluster::VolumeState::kStarted);
  EXPECT_EQ(v->brickCount, 2);
  EXPECT_EQ(v->replicaCount, 2);
  EXPECT_EQ(v->disperseCount, 0);
  EXPECT_GT(v->updatedAt.time_since_epoch().count(), 0);

  auto bricks = dao.bricks(sql, id);
  ASSERT_EQ(bricks.size(), 2u);
  EXPECT_EQ(bricks[0].host, "vm");
  EXPECT_EQ(bricks[0].path, "/bricks/m1");
  EXPECT_EQ(bricks[0].hostUuid, kNodeUuid);
  EXPECT_EQ(bricks[0].position, 0);
  EXPECT_EQ(bricks[1].position, 1);
  EXPECT_EQ(bricks[0].replicaSet, 0);
  EXPECT_EQ(bricks[1].replicaSet, 0);  // replica 2: both in set 0

  auto byId = dao.findById(sql, id);
  ASSERT_TRUE(byId.has_value());
  EXPECT_EQ(byId->name, "mastervol");
  EXPECT_FALSE(dao.findByName(sql, clusterId_, "nosuch").has_value());
  EXPECT_FALSE(dao.findById(sql, id + 1000).has_value());
}

TEST_F(VolumeDaoTest, ReplicaSetIsPositionDividedBySetWidth) {
  auto lease = database().lease(std::chrono::seconds(10));
  soci::session& sql = lease.sql();
  VolumeDao dao;
  gluster::VolumeInfo dr = masterVolume();
  dr.name = "dr";
  dr.id = "11111111-2222-3333-4444-555555555555";
  dr.typeName = "Distributed-Replicate";
  dr.distCount = 2;
  dr.brickCount = 6;
  dr.replicaCount = 3;
  dr.arbiterCount = 1;
  dr.bricks.clear();
  for (int i = 0; i < 6; ++i) dr.bricks.push_back({"n" + std::to_string(i), "/b", kNodeUuid, i % 3 == 2});
  const auto drId = dao.upsert(sql, clusterId_, dr);

  gluster::VolumeInfo ec = dr;
  ec.name = "ec";
  ec.id = "11111111-2222-3333-4444-666666666666";
  ec.typeName = "Disperse";
  ec.replicaCount = 1;
  ec.arbiterCount = 0;
  ec.disperseCount = 3;  // 2 + 1 redundancy
  for (auto& b : ec.bricks) b.isArbiter = false;
  const auto ecId = dao.upsert(sql, clusterId_, ec);

  auto drBricks = dao.bricks(sql, drId);
  ASSERT_EQ(drBricks.size(), 6u);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(drBricks[i].position, i);
    EXPECT_EQ(drBricks[i].replicaSet, i / 3) << i;
    EXPECT_EQ(drBricks[i].isArbiter, i % 3 == 2) << i;
  }
  auto ecBricks = dao.bricks(sql, ecId);
  ASSERT_EQ(ecBricks.size(), 6u);
  EXPECT_EQ(ecBricks[2].replicaSet, 0);
  EXPECT_EQ(ecBricks[3].replicaSet, 1);
  EXPECT_EQ(dao.findById(sql, drId)->arbiterCount, 1);
  EXPECT_EQ(dao.findById(sql, ecId)->disperseCount, 3);

  auto listed = dao.listByCluster(sql, clusterId_);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].name, "dr");
  EXPECT_EQ(listed[1].name, "ec");
}

TEST_F(VolumeDaoTest, RefreshKeepsBrickIdsReordersAndRemovesUnlistedBricks) {
  auto lease = database().lease(std::chrono::seconds(10));
  soci::session& sql = lease.sql();
  VolumeDao dao;
  gluster::VolumeInfo v = masterVolume();
  v.bricks.push_back({"vm", "/bricks/m3", kNodeUuid, false});
  v.bricks.push_back({"vm", "/bricks/m4", kNodeUuid, false});
  v.brickCount = 4;
  const auto id = dao.upsert(sql, clusterId_, v);
  auto before = dao.bricks(sql, id);
  ASSERT_EQ(before.size(), 4u);

  // m1 and m2 swap places, m3 is gone, m5 is new, m4 stays; the volume is now stopped.
  gluster::VolumeInfo after = v;
  after.state = gluster::VolumeState::kStopped;
  after.bricks = {{"vm", "/bricks/m2", kNodeUuid, false},
                  {"vm", "/bricks/m1", kNodeUuid, false},
                  {"vm", "/bricks/m4", kNodeUuid, false},
                  {"vm", "/bricks/m5", kNodeUuid, false}};
  EXPECT_EQ(dao.upsert(sql, clusterId_, after), id);

  auto now = dao.bricks(sql, id);
  ASSERT_EQ(now.size(), 4u);
  EXPECT_EQ(now[0].path, "/bricks/m2");
  EXPECT_EQ(now[0].id, before[1].id);  // same row, new position
  EXPECT_EQ(now[1].path, "/bricks/m1");
  EXPECT_EQ(now[1].id, before[0].id);
  EXPECT_EQ(now[2].path, "/bricks/m4");
  EXPECT_EQ(now[2].id, before[3].id);
  EXPECT_EQ(now[2].replicaSet, 1);
  EXPECT_EQ(now[3].path, "/bricks/m5");
  EXPECT_EQ(now[3].position, 3);
  EXPECT_EQ(dao.findById(sql, id)->state, gluster::VolumeState::kStopped);
  EXPECT_EQ(count("georep_bricks"), 4);
}

TEST_F(VolumeDaoTest, BrickListedTwiceIsRefusedAndTransactionRollsBack) {
  auto lease = database().lease(std::chrono::seconds(10));
  soci::session& sql = lease.sql();
  VolumeDao dao;
  gluster::VolumeInfo v = masterVolume();
  v.bricks.push_back(v.bricks[0]);
  {
    soci::transaction tr(sql);
    EXPECT_THROW(dao.upsert(sql, clusterId_, v), std::invalid_argument);
  }  // rolled back
  EXPECT_EQ(count("georep_volumes"), 0);
  EXPECT_EQ(count("georep_bricks"), 0);
  gluster::VolumeInfo noId = masterVolume();
  noId.id.clear();
  EXPECT_THROW(dao.upsert(sql, clusterId_, noId), std::invalid_argument);
}

TEST_F(VolumeDaoTest, RemoveUnlistedKeepsVolumesThatHaveSessions) {
  auto lease = database().lease(std::chrono::seconds(10));
  soci::session& sql = lease.sql();
  VolumeDao dao;
  const auto masterId = dao.upsert(sql, clusterId_, masterVolume());
  gluster::VolumeInfo other = masterVolume();
  other.name = "gone";
  other.id = "99999999-2222-3333-4444-555555555555";
  other.bricks = {{"vm", "/bricks/g1", kNodeUuid, false}};
  dao.upsert(sql, clusterId_, other);

  dao::NewSession s;
  s.clusterId = clusterId_;
  s.masterVolumeId = masterId;
  s.sessionKey = kSessionKey;
  s.secondaryHost = "vm";
  s.secondaryVolume = "slavevol";
  dao::SessionDao().insert(sql, s);

  soci::transaction tr(sql);
  auto removed = dao.removeUnlisted(sql, clusterId_, {});
  tr.commit();
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(removed[0], "gone");
  EXPECT_TRUE(dao.findByName(sql, clusterId_, "mastervol").has_value());
  EXPECT_FALSE(dao.findByName(sql, clusterId_, "gone").has_value());
  EXPECT_EQ(count("georep_bricks"), 2);  // gone's brick went with it
}

TEST_F(VolumeDaoTest, VolumesAreScopedByClusterAndGoWithTheCluster) {
  auto lease = database().lease(std::chrono::seconds(10));
  soci::session& sql = lease.sql();
  VolumeDao dao;
  const auto other = addCluster("c2");
  const auto a = dao.upsert(sql, clusterId_, masterVolume());
  const auto b = dao.upsert(sql, other, masterVolume());
  EXPECT_NE(a, b);
  EXPECT_EQ(dao.listByCluster(sql, other).size(), 1u);
  long long cid = other;
  sql << "DELETE FROM clusters WHERE id = :id", soci::use(cid, "id");
  EXPECT_EQ(count("georep_volumes"), 1);
  EXPECT_EQ(count("georep_bricks"), 2);
}

TEST_F(VolumeDaoTest, ToVolumeInfoRebuildsTheModel) {
  auto lease = database().lease(std::chrono::seconds(10));
  soci::session& sql = lease.sql();
  VolumeDao dao;
  const auto id = dao.upsert(sql, clusterId_, masterVolume());
  auto info = VolumeDao::toVolumeInfo(*dao.findById(sql, id), dao.bricks(sql, id));
  EXPECT_EQ(info.name, "mastervol");
  EXPECT_EQ(info.id, kMasterUuid);
  EXPECT_EQ(info.replicaSetWidth(), 2);
  ASSERT_EQ(info.bricks.size(), 2u);
  EXPECT_EQ(info.bricks[1].path, "/bricks/m2");
  EXPECT_EQ(info.bricks[1].hostUuid, kNodeUuid);
}

}  // namespace
}  // namespace georep::testing
