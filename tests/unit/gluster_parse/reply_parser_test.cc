// parseActionReply on the captured replies to create/start/stop/delete/config set|reset, the captured
// refusals (each mapped to its kind with glusterd's message kept), and legacy <master>/<slave> replies.
#include <gtest/gtest.h>

#include <string>

#include "gluster/errors.h"
#include "gluster/xml_parsers.h"
#include "support/fake_transport.h"
#include "test_util.h"

namespace georep::gluster {
namespace {

using test::errorOf;

TEST(ReplyParser, ActionCaptures) {
  for (const char* name : {"create_ok.xml", "start_ok.xml", "stop_ok.xml"}) {
    const ActionReply r = parseActionReply(testing::readFixture(name));
    EXPECT_EQ(r.primary, "mastervol") << name;
    EXPECT_EQ(r.secondary, "vm::slavevol2") << name;
    EXPECT_EQ(r.message, "") << name;
  }
  const ActionReply d = parseActionReply(testing::readFixture("delete_ok.xml"));
  EXPECT_EQ(d.primary, "mastervol");
  EXPECT_EQ(d.secondary, "vm::slavevol2");
  EXPECT_EQ(d.message, "delete successful");
}

TEST(ReplyParser, ConfigSetAndResetCaptures) {
  const ActionReply set = parseActionReply(testing::readFixture("config_set_ok.xml"));
  EXPECT_EQ(set.primary, "");
  EXPECT_EQ(set.secondary, "");
  EXPECT_EQ(set.message, "config-set successful");
  const ActionReply reset = parseActionReply(testing::readFixture("config_reset_ok.xml"));
  EXPECT_EQ(reset.message, "config-del successful");
}

TEST(ReplyParser, ConfigMessageUsedWhenOpErrstrEmpty) {
  const ActionReply r = parseActionReply(
      "<cliOutput><opRet>0</opRet><opErrno>0</opErrno><opErrstr/><geoRep><config>"
      "<message>geo-replication config updated successfully</message></config></geoRep></cliOutput>");
  EXPECT_EQ(r.message, "geo-replication config updated successfully");
}

TEST(ReplyParser, LegacyMasterSlave) {
  const ActionReply r = parseActionReply(
      "<?xml version=\"1.0\"?><cliOutput><opRet>0</opRet><opErrno>0</opErrno><opErrstr/>"
      "<geoRep><master>gv0</master><slave>geoaccount@backup1::gv0dr</slave></geoRep></cliOutput>");
  EXPECT_EQ(r.primary, "gv0");
  EXPECT_EQ(r.secondary, "geoaccount@backup1::gv0dr");
}

TEST(ReplyParser, OpRetZeroWithNotSetUpIsNotAnError) {
  // pause on a stopped session: glusterd answers opRet 0 and did nothing (GLUSTER.md).
  const ActionReply r = parseActionReply(
      "<cliOutput><opRet>0</opRet><opErrno>0</opErrno><opErrstr>geo-replication is not set up</opErrstr>"
      "<geoRep><primary>mastervol</primary><secondary>vm::slavevol</secondary></geoRep></cliOutput>");
  EXPECT_EQ(r.message, "geo-replication is not set up");
}

struct RefusalCapture {
  const char* fixture;
  ErrorKind kind;
  int opRet;
  const char* message;
};

TEST(ReplyParser, RefusalCapturesMapToKinds) {
  const RefusalCapture cases[] = {
      {"err_config_bogus.xml", ErrorKind::kInvalidOption, -1, "Invalid option"},
      {"err_create_noslave.xml", ErrorKind::kSecondaryCheckFailed, -1,
       "Unable to mount and fetch secondary volume details. Please check the log: "
       "/var/log/glusterfs/geo-replication/gverify-secondarymnt.log"},
      {"err_create_novol.xml", ErrorKind::kNoSuchVolume, -1, "Volume nosuchvol does not exist"},
      {"err_pause_paused.xml", ErrorKind::kAlreadyPaused, 2,
       "Geo-replication session between mastervol and vm::slavevol already Paused."},
      {"err_start_started.xml", ErrorKind::kAlreadyStarted, -1,
       "geo-replication session between mastervol & vm::slavevol already started"},
  };
  for (const auto& c : cases) {
    const std::string xml = testing::readFixture(c.fixture);
    const GatewayError e = errorOf([&] { parseActionReply(xml); }, c.fixture);
    EXPECT_EQ(e.kind(), c.kind) << c.fixture << ": " << errorKindName(e.kind());
    EXPECT_EQ(e.opRet(), c.opRet) << c.fixture;
    EXPECT_EQ(e.opErrno(), 30800) << c.fixture;
    EXPECT_EQ(std::string(e.what()), c.message) << c.fixture;
    EXPECT_TRUE(e.isRefusal()) << c.fixture;
    // The same refusal through every parser: opRet is checked before the payload.
    EXPECT_EQ(errorOf([&] { parseStatus(xml); }).kind(), c.kind) << c.fixture;
    EXPECT_EQ(errorOf([&] { parseConfig(xml); }).kind(), c.kind) << c.fixture;
  }
}

TEST(ReplyParser, RefusalWithoutMessageStillTyped) {
  const GatewayError e = errorOf([] {
    parseActionReply("<cliOutput><opRet>-1</opRet><opErrno>30802</opErrno><opErrstr/><geoRep/></cliOutput>");
  });
  EXPECT_EQ(e.kind(), ErrorKind::kTransactionInProgress);
  EXPECT_NE(std::string(e.what()).find("opErrno 30802"), std::string::npos);
}

TEST(ReplyParser, WrongShapesAreMalformed) {
  EXPECT_EQ(errorOf([] { parseActionReply(testing::readFixture("status_session.xml")); }).kind(),
            ErrorKind::kMalformedXml);
  EXPECT_EQ(errorOf([] { parseActionReply(testing::readFixture("volinfo.xml")); }).kind(), ErrorKind::kMalformedXml);
  EXPECT_EQ(errorOf([] {
              parseActionReply("<cliOutput><opRet>0</opRet><opErrno>0</opErrno><opErrstr/><geoRep/></cliOutput>");
            }).kind(),
            ErrorKind::kMalformedXml);
  EXPECT_EQ(errorOf([] { parseActionReply("geo-replication command failed"); }).kind(), ErrorKind::kNotXml);
  const std::string ok = testing::readFixture("start_ok.xml");
  EXPECT_EQ(errorOf([&] { parseActionReply(ok.substr(0, ok.size() / 2)); }).kind(), ErrorKind::kMalformedXml);
}

}  // namespace
}  // namespace georep::gluster
