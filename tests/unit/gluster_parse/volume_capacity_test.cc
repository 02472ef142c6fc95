// Usable capacity of volumes (gluster/volume_capacity.h) from the real `volume status VOL detail` and
// `volume info` captures of the lab, and layouts derived from them (distribute, distributed-replicate,
// disperse, arbiter); the new parsers of `pool list` and `volume get all cluster.op-version`.
#include <gtest/gtest.h>

#include "gluster/volume_capacity.h"
#include "gluster/xml_parsers.h"
#include "support/fake_transport.h"
#include "support/lab_captures.h"
#include "test_util.h"

namespace georep::gluster {
namespace {

using testing::labPrimaryDetail;
using testing::readFixture;
using testing::labVolume;
using testing::readLabCapture;
using testing::reshape;

constexpr std::int64_t kLabBrick = 270553174016;  // the lab's ext4 filesystem, as glusterd reports it

TEST(VolumeStatusDetailParser, ReadsEachBricksFilesystemSize) {
  const auto detail = labPrimaryDetail();
  EXPECT_EQ(detail.name, "labprimary");
  ASSERT_EQ(detail.bricks.size(), 2u);
  EXPECT_EQ(detail.bricks[0].path, "/var/lib/georep-lab/bricks/labprimary-1");
  EXPECT_EQ(detail.bricks[0].sizeTotal, kLabBrick);
  EXPECT_EQ(detail.bricks[0].sizeFree, 250714460160);
  EXPECT_TRUE(detail.bricks[0].online);
  // Plain `volume status` carries no size.
  const auto plain = parseVolumeStatus(readFixture("volstatus.xml"));
  EXPECT_FALSE(plain.at(0).bricks.at(0).sizeTotal.has_value());
}

TEST(VolumeStatusDetailParser, UnknownVolumeIsANoSuchVolumeRefusal) {
  const auto e = test::errorOf([] { parseVolumeStatus(readLabCapture("err_volstatus_detail_novol.xml")); });
  EXPECT_EQ(e.kind(), ErrorKind::kNoSuchVolume) << e.what();
  const auto info = test::errorOf([] { parseVolumeInfo(readLabCapture("err_volinfo_novol.xml")); });
  EXPECT_EQ(info.kind(), ErrorKind::kNoSuchVolume) << info.what();
}

TEST(VolumeCapacity, ReplicaSetHoldsItsSmallestBrick) {
  auto info = labVolume("labprimary");
  auto detail = labPrimaryDetail();
  ASSERT_EQ(info.replicaCount, 2);
  auto c = usableCapacity(info, detail);
  EXPECT_EQ(c.usableBytes, kLabBrick);  // replica 2 of two equal bricks: one brick's worth
  EXPECT_EQ(c.sets, 1);
  detail.bricks[1].sizeTotal = kLabBrick / 2;
  EXPECT_EQ(usableCapacity(info, detail).usableBytes, kLabBrick / 2);
}

TEST(VolumeCapacity, SingleBrickVolumeFromItsOwnCapture) {
  const auto info = labVolume("labsecondary1");
  const auto detail = parseVolumeStatus(readLabCapture("volstatus_detail_labsecondary1.xml")).at(0);
  EXPECT_EQ(usableCapacity(info, detail).usableBytes, kLabBrick);
}

TEST(VolumeCapacity, DistributeSumsItsBricks) {
  auto info = labVolume("labprimary");
  auto detail = labPrimaryDetail();
  info.replicaCount = 1;
  info.typeName = "Distribute";
  reshape(info, detail, {100, 200, 300});
  const auto c = usableCapacity(info, detail);
  EXPECT_EQ(c.usableBytes, 600);
  EXPECT_EQ(c.sets, 3);
}

TEST(VolumeCapacity, DistributedReplicateSumsTheSmallestOfEachSet) {
  auto info = labVolume("labprimary");
  auto detail = labPrimaryDetail();
  info.replicaCount = 3;
  reshape(info, detail, {100, 90, 120, 500, 400, 450});  // 2 x 3
  const auto c = usableCapacity(info, detail);
  EXPECT_EQ(c.usableBytes, 90 + 400);
  EXPECT_EQ(c.sets, 2);
}

TEST(VolumeCapacity, ArbiterBricksHoldNoData) {
  auto info = labVolume("labprimary");
  auto detail = labPrimaryDetail();
  info.replicaCount = 3;
  info.arbiterCount = 1;
  reshape(info, detail, {1000, 1200, 10});
  info.bricks[2].isArbiter = true;
  EXPECT_EQ(usableCapacity(info, detail).usableBytes, 1000);  // not 10: the arbiter's size does not count
}

TEST(VolumeCapacity, DisperseHoldsDataShareTimesSmallestBrick) {
  auto info = labVolume("labprimary");
  auto detail = labPrimaryDetail();
  info.replicaCount = 1;
  info.disperseCount = 6;
  info.redundancyCount = 2;
  reshape(info, detail, {100, 100, 90, 100, 100, 100, 50, 60, 60, 60, 60, 60});  // 2 x (4 + 2)
  const auto c = usableCapacity(info, detail);
  EXPECT_EQ(c.usableBytes, 4 * 90 + 4 * 50);
  EXPECT_EQ(c.sets, 2);
}

TEST(VolumeCapacity, OfflineOrUnlistedBrickMakesTheCapacityUnknown) {
  auto info = labVolume("labprimary");
  auto detail = labPrimaryDetail();
  detail.bricks[1].online = false;
  auto c = usableCapacity(info, detail);
  EXPECT_FALSE(c.usableBytes.has_value());
  ASSERT_EQ(c.unknownBricks.size(), 1u);
  EXPECT_EQ(c.unknownBricks[0], "vm:/var/lib/georep-lab/bricks/labprimary-2");
  detail = labPrimaryDetail();
  detail.bricks.pop_back();
  EXPECT_FALSE(usableCapacity(info, detail).usableBytes.has_value());
  // A brick of another host with the same path is not this brick.
  detail = labPrimaryDetail();
  detail.bricks[0].peerUuid = "00000000-0000-0000-0000-000000000000";
  EXPECT_FALSE(usableCapacity(info, detail).usableBytes.has_value());
}

TEST(VolumeCapacity, HumanBytes) {
  EXPECT_EQ(humanBytes(512), "512 B");
  EXPECT_EQ(humanBytes(kLabBrick), "252.0 GiB");
  EXPECT_EQ(humanBytes(1536), "1.5 KiB");
}

TEST(ClusterParsers, PoolListAndOpVersion) {
  const auto peers = parsePoolList(readLabCapture("pool_list.xml"));
  ASSERT_EQ(peers.size(), 1u);
  EXPECT_EQ(peers[0].uuid, "e2a3c6ce-a7d1-4cfc-af0b-fcdb9b8d4132");
  EXPECT_EQ(peers[0].hostname, "localhost");
  EXPECT_TRUE(peers[0].connected);
  EXPECT_EQ(parseClusterOpVersion(readLabCapture("op_version.xml")), 100000);
  EXPECT_EQ(test::errorOf([] { parseClusterOpVersion(readFixture("volinfo.xml")); }).kind(), ErrorKind::kMalformedXml);
  EXPECT_EQ(test::errorOf([] { parsePoolList("<cliOutput><opRet>0</opRet><peerStatus/></cliOutput>"); }).kind(),
            ErrorKind::kMalformedXml);
}

}  // namespace
}  // namespace georep::gluster
