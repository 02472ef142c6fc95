// parseVolumeInfo and parseVolumeStatus on the real captures, field by field; built documents for
// distributed-replicate with arbiter, stopped volumes, offline bricks, and broken shapes.
#include <gtest/gtest.h>

#include <string>

#include "gluster/errors.h"
#include "gluster/xml_parsers.h"
#include "support/fake_transport.h"
#include "test_util.h"

namespace georep::gluster {
namespace {

using test::errorOf;

constexpr const char* kNode = "6661d41d-619e-467f-8b44-0f4066203ac7";

TEST(VolumeInfoParser, Capture) {
  const auto vols = parseVolumeInfo(testing::readFixture("volinfo.xml"));
  ASSERT_EQ(vols.size(), 3u);
  const VolumeInfo& m = vols[0];
  EXPECT_EQ(m.name, "mastervol");
  EXPECT_EQ(m.id, "28731639-9bfa-453f-9f57-5525d32a9d86");
  EXPECT_EQ(m.state, VolumeState::kStarted);
  EXPECT_EQ(m.typeName, "Replicate");
  EXPECT_EQ(m.brickCount, 2);
  EXPECT_EQ(m.distCount, 1);
  EXPECT_EQ(m.replicaCount, 2);
  EXPECT_EQ(m.arbiterCount, 0);
  EXPECT_EQ(m.disperseCount, 0);
  EXPECT_EQ(m.replicaSetWidth(), 2);
  ASSERT_EQ(m.bricks.size(), 2u);
  EXPECT_EQ(m.bricks[0].host, "vm");
  EXPECT_EQ(m.bricks[0].path, "/bricks/m1");
  EXPECT_EQ(m.bricks[0].hostUuid, kNode);
  EXPECT_FALSE(m.bricks[0].isArbiter);
  EXPECT_EQ(m.bricks[1].host, "vm");
  EXPECT_EQ(m.bricks[1].path, "/bricks/m2");
  EXPECT_EQ(m.bricks[1].hostUuid, kNode);

  EXPECT_EQ(vols[1].name, "slavevol");
  EXPECT_EQ(vols[1].id, "40f418a6-f1fd-4f38-b70f-001c1121d300");
  EXPECT_EQ(vols[1].typeName, "Distribute");
  EXPECT_EQ(vols[1].replicaCount, 1);
  ASSERT_EQ(vols[1].bricks.size(), 1u);
  EXPECT_EQ(vols[1].bricks[0].path, "/bricks/s1");
  EXPECT_EQ(vols[2].name, "slavevol2");
  EXPECT_EQ(vols[2].id, "ab65290b-0fe3-4bf4-9f55-fe4b882eec2a");
  EXPECT_EQ(vols[2].bricks.at(0).path, "/bricks/s2");
}

std::string brick(const std::string& name, const std::string& uuid, int arbiter) {
  return "<brick uuid=\"" + uuid + "\">" + name + "<name>" + name + "</name><hostUuid>" + uuid +
         "</hostUuid><isArbiter>" + std::to_string(arbiter) + "</isArbiter></brick>";
}

std::string volInfoDoc(const std::string& volumes) {
  return "<?xml version=\"1.0\"?><cliOutput><opRet>0</opRet><opErrno>0</opErrno><opErrstr/><volInfo><volumes>" +
         volumes + "<count>1</count></volumes></volInfo></cliOutput>";
}

TEST(VolumeInfoParser, DistributedReplicateArbiterStopped) {
  std::string bricks;
  const char* hosts[] = {"n1", "n2", "n3", "n1", "n2", "n3"};
  for (int i = 0; i < 6; ++i) {
    bricks += brick(std::string(hosts[i]) + ":/data/b" + std::to_string(i), "uuid-" + std::string(hosts[i]),
                    i % 3 == 2 ? 1 : 0);
  }
  const auto vols = parseVolumeInfo(volInfoDoc(
      "<volume><name>dr</name><id>00000000-0000-0000-0000-000000000001</id><status>2</status>"
      "<statusStr>Stopped</statusStr><brickCount>6</brickCount><distCount>2</distCount><replicaCount>3</replicaCount>"
      "<arbiterCount>1</arbiterCount><disperseCount>0</disperseCount><type>7</type>"
      "<typeStr>Distributed-Replicate</typeStr><bricks>" + bricks + "</bricks></volume>"));
  ASSERT_EQ(vols.size(), 1u);
  const VolumeInfo& v = vols[0];
  EXPECT_EQ(v.state, VolumeState::kStopped);
  EXPECT_EQ(v.typeName, "Distributed-Replicate");
  EXPECT_EQ(v.brickCount, 6);
  EXPECT_EQ(v.distCount, 2);
  EXPECT_EQ(v.replicaCount, 3);
  EXPECT_EQ(v.arbiterCount, 1);
  EXPECT_EQ(v.replicaSetWidth(), 3);
  ASSERT_EQ(v.bricks.size(), 6u);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(v.bricks[i].host, hosts[i]);
    EXPECT_EQ(v.bricks[i].path, "/data/b" + std::to_string(i));
    EXPECT_EQ(v.bricks[i].hostUuid, "uuid-" + std::string(hosts[i]));
    EXPECT_EQ(v.bricks[i].isArbiter, i % 3 == 2);
  }
}

TEST(VolumeInfoParser, DisperseAndStateFromNumber) {
  const auto vols = parseVolumeInfo(volInfoDoc(
      "<volume><name>ec</name><id>x</id><status>0</status><brickCount>3</brickCount>"
      "<disperseCount>3</disperseCount><replicaCount>1</replicaCount><typeStr>Disperse</typeStr><bricks>" +
      brick("h1:/e1", "u1", 0) + brick("h2:/e2", "u2", 0) + brick("[fe80::1]:/e3", "u3", 0) + "</bricks></volume>"));
  ASSERT_EQ(vols.size(), 1u);
  EXPECT_EQ(vols[0].state, VolumeState::kCreated);
  EXPECT_EQ(vols[0].replicaSetWidth(), 3);
  EXPECT_EQ(vols[0].bricks[2].host, "[fe80::1]");
  EXPECT_EQ(vols[0].bricks[2].path, "/e3");
}

TEST(VolumeInfoParser, Errors) {
  EXPECT_EQ(errorOf([] { parseVolumeInfo("No volumes present"); }).kind(), ErrorKind::kNotXml);
  EXPECT_EQ(errorOf([] { parseVolumeInfo(testing::readFixture("volstatus.xml")); }).kind(), ErrorKind::kMalformedXml);
  EXPECT_EQ(errorOf([] {
              parseVolumeInfo(volInfoDoc("<volume><name>v</name><id>i</id><statusStr>Started</statusStr><bricks>" +
                                         brick("nohostpath", "u", 0) + "</bricks></volume>"));
            }).kind(),
            ErrorKind::kMalformedXml);
  EXPECT_EQ(errorOf([] {
              parseVolumeInfo(volInfoDoc("<volume><name>v</name><id>i</id><statusStr>Started</statusStr>"
                                         "<replicaCount>two</replicaCount></volume>"));
            }).kind(),
            ErrorKind::kMalformedXml);
  EXPECT_EQ(errorOf([] { parseVolumeInfo(volInfoDoc("<volume><name>v</name><statusStr>Started</statusStr></volume>")); })
                .kind(),
            ErrorKind::kMalformedXml);
  const std::string full = testing::readFixture("volinfo.xml");
  EXPECT_EQ(errorOf([&] { parseVolumeInfo(full.substr(0, 900)); }).kind(), ErrorKind::kMalformedXml);
  const GatewayError e = errorOf([] {
    parseVolumeInfo("<cliOutput><opRet>-1</opRet><opErrno>30806</opErrno><opErrstr>Volume nosuch does not exist"
                    "</opErrstr><volInfo/></cliOutput>");
  });
  EXPECT_EQ(e.kind(), ErrorKind::kNoSuchVolume);
}

TEST(VolumeStatusParser, CaptureBricksOnly) {
  const auto vols = parseVolumeStatus(testing::readFixture("volstatus.xml"));
  ASSERT_EQ(vols.size(), 2u);
  EXPECT_EQ(vols[0].name, "mastervol");
  ASSERT_EQ(vols[0].bricks.size(), 2u);  // Self-heal Daemon excluded
  const BrickProcessStatus& b1 = vols[0].bricks[0];
  EXPECT_EQ(b1.host, "vm");
  EXPECT_EQ(b1.path, "/bricks/m1");
  EXPECT_EQ(b1.peerUuid, kNode);
  EXPECT_TRUE(b1.online);
  EXPECT_EQ(b1.port, 50000);
  EXPECT_EQ(b1.pid, 9341);
  const BrickProcessStatus& b2 = vols[0].bricks[1];
  EXPECT_EQ(b2.path, "/bricks/m2");
  EXPECT_EQ(b2.port, 55970);
  EXPECT_EQ(b2.pid, 9357);
  EXPECT_EQ(vols[1].name, "slavevol");
  ASSERT_EQ(vols[1].bricks.size(), 1u);
  EXPECT_EQ(vols[1].bricks[0].path, "/bricks/s1");
  EXPECT_EQ(vols[1].bricks[0].port, 54065);
  EXPECT_EQ(vols[1].bricks[0].pid, 9449);
}

TEST(VolumeStatusParser, OfflineBrickAndDaemonsOnOtherNodes) {
  const auto vols = parseVolumeStatus(
      "<cliOutput><opRet>0</opRet><opErrno>0</opErrno><opErrstr/><volStatus><volumes><volume><volName>v</volName>"
      "<node><hostname>n2</hostname><path>/b2</path><peerid>p2</peerid><status>0</status><port>N/A</port>"
      "<ports><tcp>N/A</tcp><rdma>N/A</rdma></ports><pid>-1</pid></node>"
      "<node><hostname>Self-heal Daemon</hostname><path>n2</path><peerid>p2</peerid><status>1</status>"
      "<port>N/A</port><pid>77</pid></node>"
      "<node><hostname>NFS Server</hostname><path>localhost</path><peerid>p1</peerid><status>0</status>"
      "<port>N/A</port><pid>-1</pid></node>"
      "</volume></volumes></volStatus></cliOutput>");
  ASSERT_EQ(vols.size(), 1u);
  ASSERT_EQ(vols[0].bricks.size(), 1u);
  EXPECT_EQ(vols[0].bricks[0].host, "n2");
  EXPECT_FALSE(vols[0].bricks[0].online);
  EXPECT_EQ(vols[0].bricks[0].port, std::nullopt);
  EXPECT_EQ(vols[0].bricks[0].pid, std::nullopt);
}

TEST(VolumeStatusParser, Errors) {
  EXPECT_EQ(errorOf([] { parseVolumeStatus(testing::readFixture("volinfo.xml")); }).kind(), ErrorKind::kMalformedXml);
  EXPECT_EQ(errorOf([] {
              parseVolumeStatus("<cliOutput><opRet>-1</opRet><opErrno>30800</opErrno><opErrstr>Volume v is not "
                                "started</opErrstr></cliOutput>");
            }).kind(),
            ErrorKind::kVolumeNotStarted);
  const std::string full = testing::readFixture("volstatus.xml");
  EXPECT_EQ(errorOf([&] { parseVolumeStatus(full.substr(0, full.size() - 20)); }).kind(), ErrorKind::kMalformedXml);
  EXPECT_EQ(errorOf([] {
              parseVolumeStatus("<cliOutput><opRet>0</opRet><volStatus><volumes><volume><volName>v</volName><node>"
                                "<hostname>h</hostname><path>/b</path><status>1</status><port>x</port></node>"
                                "</volume></volumes></volStatus></cliOutput>");
            }).kind(),
            ErrorKind::kMalformedXml);
}

}  // namespace
}  // namespace georep::gluster
