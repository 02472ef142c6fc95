// Unit tests of config drift (sync-jobs/config_planner.h) on the real config capture.
#include "sync-jobs/config_planner.h"

#include <gtest/gtest.h>

#include "dao/config_dao.h"
#include "gluster/xml_parsers.h"
#include "support/fake_transport.h"

namespace georep::sync {
namespace {

const ClusterRef kCluster{1, "east"};

dao::SessionRecord session() {
  dao::SessionRecord s;
  s.id = 42;
  s.masterVolume = "mastervol";
  s.secondaryHost = "vm";
  s.secondaryVolume = "slavevol";
  return s;
}

dao::StoredConfig storedFrom(const gluster::ConfigMap& m) {
  dao::StoredConfig c;
  c.sessionId = 42;
  c.version = "v1";
  for (const auto& [k, v] : m) c.entries[k] = dao::ConfigEntry{k, v, dao::ConfigDao::isDefault(k, v)};
  return c;
}

gluster::ConfigMap captured() { return gluster::parseConfig(testing::readFixture("config.xml")); }

TEST(ConfigPlanner, FirstLoadStoresEverythingSilently) {
  const auto fetched = captured();
  ASSERT_GT(fetched.size(), 50u);
  ConfigPlan p = planConfig(kCluster, {ConfigInput{session(), dao::StoredConfig{42, {}, ""}, fetched}});
  ASSERT_EQ(p.writes.size(), 1u);
  EXPECT_EQ(p.writes[0].upserts.size(), fetched.size());
  EXPECT_TRUE(p.writes[0].removals.empty());
  EXPECT_TRUE(p.events[0].empty());
  for (const auto& e : p.writes[0].upserts) {
    if (e.key == "sync_jobs") EXPECT_TRUE(e.isDefault);
  }
}

TEST(ConfigPlanner, FirstLoadReportsWhatDiffersFromTheDefaultsAndMasksSecrets) {
  auto fetched = captured();
  fetched["sync_jobs"] = "5";
  fetched["ssh_password"] = "hunter2";  // no catalog default: cannot be told from a derived value
  ConfigPlan p = planConfig(kCluster, {ConfigInput{session(), dao::StoredConfig{42, {}, ""}, fetched}});
  ASSERT_EQ(p.writes.size(), 1u);
  EXPECT_EQ(p.writes[0].upserts.size(), fetched.size());
  ASSERT_EQ(p.events[0].size(), 1u);
  EXPECT_EQ(p.events[0][0].body["first_read"], true);
  EXPECT_EQ(p.events[0][0].body["changes"],
            (nlohmann::json::array({{{"key", "sync_jobs"}, {"old", "3"}, {"new", "5"}}})));

  auto later = fetched;
  later["ssh_password"] = "correct-horse";
  ConfigPlan drift = planConfig(kCluster, {ConfigInput{session(), storedFrom(fetched), later}});
  ASSERT_EQ(drift.events[0].size(), 1u);
  EXPECT_FALSE(drift.events[0][0].body.contains("first_read"));
  EXPECT_EQ(drift.events[0][0].body["changes"],
            (nlohmann::json::array({{{"key", "ssh_password"}, {"old", "***"}, {"new", "***"}}})));
}

TEST(ConfigPlanner, UnchangedConfigPlansNothing) {
  const auto fetched = captured();
  ConfigPlan p = planConfig(kCluster, {ConfigInput{session(), storedFrom(fetched), fetched}});
  EXPECT_TRUE(p.writes.empty());
}

TEST(ConfigPlanner, ValueChangedOutsideIsStoredWithOneEvent) {
  auto before = captured();
  auto after = before;
  after["sync_jobs"] = "6";
  after["ignore_deletes"] = before["ignore_deletes"] == "true" ? "false" : "true";
  ConfigPlan p = planConfig(kCluster, {ConfigInput{session(), storedFrom(before), after}});
  ASSERT_EQ(p.writes.size(), 1u);
  EXPECT_EQ(p.writes[0].version, "v1");
  ASSERT_EQ(p.writes[0].upserts.size(), 2u);
  ASSERT_EQ(p.events[0].size(), 1u);
  const api::Event& e = p.events[0][0];
  EXPECT_EQ(e.name, "georep.config.changed_externally");
  EXPECT_EQ(e.severity, api::Severity::kWarning);
  EXPECT_EQ(e.body["session_id"], 42);
  ASSERT_EQ(e.body["changes"].size(), 2u);
  // Keys in order (ConfigMap is sorted).
  EXPECT_EQ(e.body["changes"][0]["key"], "ignore_deletes");
  EXPECT_EQ(e.body["changes"][1]["key"], "sync_jobs");
  EXPECT_EQ(e.body["changes"][1]["old"], before["sync_jobs"]);
  EXPECT_EQ(e.body["changes"][1]["new"], "6");
  for (const auto& u : p.writes[0].upserts) {
    if (u.key == "sync_jobs") EXPECT_FALSE(u.isDefault);
  }
}

TEST(ConfigPlanner, KeysAppearingAndDisappearingAreChanges) {
  auto before = captured();
  auto after = before;
  after.erase("sync_jobs");
  after["brand_new_key"] = "1";
  ConfigPlan p = planConfig(kCluster, {ConfigInput{session(), storedFrom(before), after}});
  ASSERT_EQ(p.writes.size(), 1u);
  EXPECT_EQ(p.writes[0].removals, (std::vector<std::string>{"sync_jobs"}));
  const auto& changes = p.events[0][0].body["changes"];
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0]["key"], "brand_new_key");
  EXPECT_TRUE(changes[0]["old"].is_null());
  EXPECT_EQ(changes[1]["key"], "sync_jobs");
  EXPECT_TRUE(changes[1]["new"].is_null());
}

}  // namespace
}  // namespace georep::sync
