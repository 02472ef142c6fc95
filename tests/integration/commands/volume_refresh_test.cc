// georep.volume.refresh: volume info of a cluster into the volume and brick tables.
#include <gtest/gtest.h>

#include "command_fixture.h"

namespace georep::testing {
namespace {

class VolumeRefreshTest : public CommandTest {};

TEST_F(VolumeRefreshTest, StoresEveryVolumeWithItsBricksAndRaisesRefreshed) {
  auto out = dispatch("georep.volume.refresh", {{"cluster", "c1"}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(sent(), std::vector<std::string>{"volume info"});
  ASSERT_EQ(out.result["volumes"].size(), 3u);
  const auto& master = out.result["volumes"][0];
  EXPECT_EQ(master["name"], "mastervol");
  EXPECT_EQ(master["volume_uuid"], "28731639-9bfa-453f-9f57-5525d32a9d86");
  EXPECT_EQ(master["status"], "Started");
  EXPECT_EQ(master["type"], "Replicate");
  ASSERT_EQ(master["bricks"].size(), 2u);
  EXPECT_EQ(master["bricks"][1]["path"], "/bricks/m2");
  EXPECT_EQ(master["bricks"][1]["replica_set"], 0);
  EXPECT_EQ(count("georep_volumes"), 3);
  EXPECT_EQ(count("georep_bricks"), 4);
  EXPECT_EQ(hostState("vm"), api::HostState::kUp);

  const auto e = lastEvent();
  EXPECT_EQ(e.name, "georep.volume.refreshed");
  EXPECT_EQ(e.severity, api::Severity::kInfo);
  EXPECT_EQ(e.correlationId, out.correlationId);
  EXPECT_EQ(e.body["volumes"], (nlohmann::json{"mastervol", "slavevol", "slavevol2"}));
}

TEST_F(VolumeRefreshTest, VolumeGoneFromGlusterIsRemovedUnlessASessionUsesIt) {
  ASSERT_TRUE(dispatch("georep.volume.refresh", {{"cluster", "c1"}}).ok);
  seedSession("Active", "Active");  // a session on mastervol
  // Now volume info lists no volume at all.
  fake().clearRules();
  fake().on({"volume", "info"},
            {0, "<?xml version=\"1.0\"?><cliOutput><opRet>0</opRet><opErrno>0</opErrno><opErrstr/>"
                "<volInfo><volumes><count>0</count></volumes></volInfo></cliOutput>", ""});
  auto out = dispatch("georep.volume.refresh", {{"cluster", "c1"}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(out.result["removed"], (nlohmann::json{"slavevol", "slavevol2"}));
  EXPECT_EQ(count("georep_volumes"), 1);  // mastervol kept: a session uses it
}

TEST_F(VolumeRefreshTest, UnknownClusterIsNotFound) {
  auto out = dispatch("georep.volume.refresh", {{"cluster", "nope"}});
  EXPECT_EQ(codeOf(out), "not_found");
  EXPECT_EQ(out.error->field(), "cluster");
  EXPECT_EQ(fake().callCount(), 0u);
  EXPECT_EQ(lastEvent().name, "georep.volume.refresh_failed");
}

TEST_F(VolumeRefreshTest, MissingClusterParameterIsInvalidArgument) {
  auto out = dispatch("georep.volume.refresh", nlohmann::json::object());
  EXPECT_EQ(codeOf(out), "invalid_argument");
  EXPECT_EQ(out.error->field(), "cluster");
}

TEST_F(VolumeRefreshTest, FallsBackToTheNextHostAndMarksTheFirstDown) {
  fake("vm").clearRules();
  fake("vm").fail({"volume", "info"}, gluster::GatewayError(gluster::ErrorKind::kUnreachable, "connection refused"));
  fake("vm2").onFixture({"volume", "info"}, "volinfo.xml");
  auto out = dispatch("georep.volume.refresh", {{"cluster", "c1"}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(hostState("vm"), api::HostState::kDown);
  EXPECT_EQ(hostState("vm2"), api::HostState::kUp);
  EXPECT_EQ(count("georep_volumes"), 3);
}

TEST_F(VolumeRefreshTest, NoHostAnsweringIsUnavailableAndWritesNothing) {
  for (const char* h : {"vm", "vm2"}) {
    fake(h).clearRules();
    fake(h).fail({"volume", "info"}, gluster::GatewayError(gluster::ErrorKind::kTimeout, "timed out"));
  }
  auto out = dispatch("georep.volume.refresh", {{"cluster", "c1"}});
  EXPECT_EQ(codeOf(out), "unavailable");
  EXPECT_EQ(count("georep_volumes"), 0);
  const auto e = lastEvent();
  EXPECT_EQ(e.name, "georep.volume.refresh_failed");
  EXPECT_EQ(e.severity, api::Severity::kError);
  EXPECT_EQ(e.body["error"]["code"], "unavailable");
}

TEST_F(VolumeRefreshTest, MalformedOutputIsAGlusterErrorAndWritesNothing) {
  fake().clearRules();
  fake().on({"volume", "info"}, {0, "<cliOutput><opRet>0</opRet><volInfo><volumes><volume><name>x", ""});
  auto out = dispatch("georep.volume.refresh", {{"cluster", "c1"}});
  EXPECT_EQ(codeOf(out), "gluster_error");
  EXPECT_EQ(out.error->details()["kind"], "malformed_xml");
  EXPECT_EQ(count("georep_volumes"), 0);
}

}  // namespace
}  // namespace georep::testing
