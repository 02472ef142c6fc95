// georep.session.list and georep.session.get: read from the database only.
#include <gtest/gtest.h>

#include "command_fixture.h"

namespace georep::testing {
namespace {

class SessionQueryTest : public CommandTest {};

TEST_F(SessionQueryTest, ListByClusterVolumeOrAll) {
  const auto id = seedSession("Active", "Faulty");
  api::Cluster other;
  other.name = "c2";
  other.transport = "local";
  inventory_->addCluster(other);

  auto out = dispatch("georep.session.list", {{"cluster", "c1"}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  ASSERT_EQ(out.result["sessions"].size(), 1u);
  const auto& s = out.result["sessions"][0];
  EXPECT_EQ(s["session_id"], id);
  EXPECT_EQ(s["cluster"], "c1");
  EXPECT_EQ(s["master_volume"], "mastervol");
  EXPECT_EQ(s["secondary_host"], "vm");
  EXPECT_EQ(s["secondary_volume"], "slavevol");
  EXPECT_EQ(s["status"], "ACTIVE");

  out = dispatch("georep.session.list", {{"cluster", "c1"}, {"master_volume", "mastervol"}});
  EXPECT_EQ(out.result["sessions"].size(), 1u);
  out = dispatch("georep.session.list", nlohmann::json::object());
  EXPECT_EQ(out.result["sessions"].size(), 1u);
  EXPECT_EQ(out.result["sessions"][0]["cluster"], "c1");
  out = dispatch("georep.session.list", {{"cluster", "c2"}});
  EXPECT_EQ(out.result["sessions"].size(), 0u);
  EXPECT_EQ(fake().callCount(), 0u);
}

TEST_F(SessionQueryTest, ListErrors) {
  auto out = dispatch("georep.session.list", {{"master_volume", "mastervol"}});
  EXPECT_EQ(codeOf(out), "invalid_argument");
  EXPECT_EQ(out.error->field(), "master_volume");
  out = dispatch("georep.session.list", {{"cluster", "nope"}});
  EXPECT_EQ(codeOf(out), "not_found");
  EXPECT_EQ(out.error->field(), "cluster");
  out = dispatch("georep.session.list", {{"cluster", "c1"}, {"master_volume", "nosuchvol"}});
  EXPECT_EQ(codeOf(out), "not_found");
  EXPECT_EQ(out.error->field(), "master_volume");
}

TEST_F(SessionQueryTest, GetReturnsBricksAndConfig) {
  const auto id = seedSession("Active", "Faulty");
  auto out = dispatch("georep.session.get", {{"session_id", id}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  const auto& r = out.result;
  EXPECT_EQ(r["status"], "ACTIVE");
  EXPECT_EQ(r["master_volume_status"], "Started");
  ASSERT_EQ(r["bricks"].size(), 2u);
  const auto& a = r["bricks"][0];
  EXPECT_EQ(a["path"], "/bricks/m1");
  EXPECT_EQ(a["worker_status"], "Active");
  EXPECT_EQ(a["crawl_status"], "Changelog Crawl");
  EXPECT_EQ(a["last_synced"], "2026-11-21T11:58:27Z");
  EXPECT_EQ(a["checkpoint_time"], "2026-11-21T11:59:56Z");
  EXPECT_EQ(a["checkpoint_completed"], false);
  EXPECT_EQ(a["entry_pending"], 0);
  EXPECT_TRUE(a["secondary_node"].is_null());
  EXPECT_EQ(r["bricks"][1]["worker_status"], "Faulty");
  EXPECT_GT(r["config"].size(), 60u);

  out = dispatch("georep.session.get", {{"session_id", id + 1}});
  EXPECT_EQ(codeOf(out), "not_found");
  EXPECT_EQ(out.error->field(), "session_id");
}

}  // namespace
}  // namespace georep::testing
