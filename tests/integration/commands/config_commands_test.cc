// georep.config.set | reset | list: key and value validated by the gateway's catalog before anything is
// sent; the whole config read back and stored; read-back mismatches and glusterd's refusals mapped.
#include <gtest/gtest.h>

#include "command_fixture.h"

namespace georep::testing {
namespace {

class ConfigCommandTest : public CommandTest {
 protected:
  void SetUp() override {
    CommandTest::SetUp();
    id_ = seedSession("Active", "Active");
  }
  std::int64_t id_ = 0;
};

TEST_F(ConfigCommandTest, SetSendsDashFormReadsAllBackAndStores) {
  fake().onFixture({"geo-replication", "config", "sync-jobs", "5"}, "config_set_ok.xml");
  fake().on({"geo-replication", "vm::slavevol", "config"}, {0, configXml("sync_jobs", "5"), ""});
  auto out = dispatch("georep.config.set", {{"session_id", id_}, {"key", "sync_jobs"}, {"value", "5"}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(sent(), (std::vector<std::string>{"volume geo-replication mastervol vm::slavevol config sync-jobs 5",
                                              "volume geo-replication mastervol vm::slavevol config"}));
  EXPECT_EQ(out.result["key"], "sync_jobs");
  EXPECT_EQ(out.result["value"], "5");
  EXPECT_EQ(out.result["is_default"], false);
  EXPECT_EQ(out.result["previous"], "3");
  const auto stored = configEntry(id_, "sync_jobs");
  EXPECT_EQ(stored->value, "5");
  EXPECT_FALSE(stored->isDefault);
  const auto e = lastEvent();
  EXPECT_EQ(e.name, "georep.config.set");
  EXPECT_EQ(e.body["key"], "sync_jobs");
  EXPECT_EQ(e.body["value"], "5");
  EXPECT_EQ(e.body["previous"], "3");
}

TEST_F(ConfigCommandTest, CheckpointNowReadsBackAsAUnixTime) {
  fake().onFixture({"geo-replication", "config", "checkpoint", "now"}, "config_set_ok.xml");
  fake().on({"geo-replication", "vm::slavevol", "config"}, {0, configXml("checkpoint", "1795262396"), ""});
  auto out = dispatch("georep.config.set", {{"session_id", id_}, {"key", "checkpoint"}, {"value", "now"}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(configEntry(id_, "checkpoint")->value, "1795262396");
}

TEST_F(ConfigCommandTest, CheckpointAtADateReadsBackAsAUnixTime) {
  fake().onFixture({"geo-replication", "config", "checkpoint", "2026-11-21 12:00:00"}, "config_set_ok.xml");
  fake().on({"geo-replication", "vm::slavevol", "config"}, {0, configXml("checkpoint", "1795262400"), ""});
  auto out = dispatch("georep.config.set",
                      {{"session_id", id_}, {"key", "checkpoint"}, {"value", "2026-11-21 12:00:00"}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(configEntry(id_, "checkpoint")->value, "1795262400");
}

TEST_F(ConfigCommandTest, InvalidKeysAndValuesAreRefusedBeforeAnythingIsSent) {
  struct Case {
    std::string key, value, field;
  };
  for (const auto& c : std::vector<Case>{{"no_such_key", "1", "key"},
                                         {"gluster-command", "/bin/sh", "key"},  // reserved
                                         {"sync-jobs", "abc", "value"},
                                         {"sync-jobs", "0", "value"},
                                         {"ignore-deletes", "yes", "value"},
                                         {"change_detector", "inotify", "value"}}) {
    auto out = dispatch("georep.config.set", {{"session_id", id_}, {"key", c.key}, {"value", c.value}});
    EXPECT_EQ(codeOf(out), "invalid_argument") << c.key << "=" << c.value;
    EXPECT_EQ(out.error->field(), c.field) << c.key << "=" << c.value;
    EXPECT_EQ(lastEvent().name, "georep.config.set_failed");
  }
  EXPECT_EQ(fake().callCount(), 0u);
}

TEST_F(ConfigCommandTest, GlusterdInvalidOptionRefusalIsInvalidArgumentOnKey) {
  fake().onFixture({"geo-replication", "config", "log-rsync-performance"}, "err_config_bogus.xml");
  const auto before = snapshotTables();
  auto out = dispatch("georep.config.set", {{"session_id", id_}, {"key", "log-rsync-performance"}, {"value", "true"}});
  EXPECT_EQ(codeOf(out), "invalid_argument");
  EXPECT_EQ(out.error->field(), "key");
  EXPECT_EQ(std::string(out.error->what()), "Invalid option");
  EXPECT_EQ(out.error->details()["kind"], "invalid_option");
  EXPECT_EQ(snapshotTables(), before);
  EXPECT_EQ(lastEvent().body["message"], "Invalid option");
}

TEST_F(ConfigCommandTest, ReadBackMismatchFailsAndWritesNothing) {
  fake().onFixture({"geo-replication", "vm::slavevol", "config", "sync-jobs"}, "config_set_ok.xml");
  fake().onFixture({"geo-replication", "vm::slavevol", "config"}, "config.xml");  // still 3
  const auto before = snapshotTables();
  auto out = dispatch("georep.config.set", {{"session_id", id_}, {"key", "sync-jobs"}, {"value", "7"}});
  EXPECT_EQ(codeOf(out), "gluster_error");
  EXPECT_EQ(out.error->details()["observed"], "3");
  EXPECT_EQ(snapshotTables(), before);
}

TEST_F(ConfigCommandTest, ResetReadsBackTheDefault) {
  {
    auto lease = db_->database().lease(std::chrono::seconds(10));
    soci::session& sql = lease.sql();
    auto config = gluster::parseConfig(configXml("change_detector", "xsync"));
    deps_->config.replaceAll(sql, id_, config);
  }
  EXPECT_FALSE(configEntry(id_, "change_detector")->isDefault);
  fake().onFixture({"geo-replication", "vm::slavevol", "config", "!change-detector"}, "config_reset_ok.xml");
  fake().onFixture({"geo-replication", "vm::slavevol", "config"}, "config.xml");
  auto out = dispatch("georep.config.reset", {{"session_id", id_}, {"key", "change-detector"}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(sent().at(0), "volume geo-replication mastervol vm::slavevol config !change-detector");
  EXPECT_EQ(out.result["value"], "changelog");
  EXPECT_EQ(out.result["previous"], "xsync");
  EXPECT_TRUE(configEntry(id_, "change_detector")->isDefault);
  EXPECT_EQ(lastEvent().name, "georep.config.reset");
}

TEST_F(ConfigCommandTest, ResetNotReachingTheDefaultFails) {
  fake().onFixture({"geo-replication", "vm::slavevol", "config", "!sync-jobs"}, "config_reset_ok.xml");
  fake().on({"geo-replication", "vm::slavevol", "config"}, {0, configXml("sync_jobs", "9"), ""});
  auto out = dispatch("georep.config.reset", {{"session_id", id_}, {"key", "sync_jobs"}});
  EXPECT_EQ(codeOf(out), "gluster_error");
  EXPECT_EQ(lastEvent().name, "georep.config.reset_failed");
  EXPECT_EQ(configEntry(id_, "sync_jobs")->value, "3");
}

TEST_F(ConfigCommandTest, ListReturnsTheStoredConfigWithDefaultsMarked) {
  {
    auto lease = db_->database().lease(std::chrono::seconds(10));
    soci::session& sql = lease.sql();
    deps_->config.replaceAll(sql, id_, gluster::parseConfig(configXml("sync_jobs", "6")));
  }
  auto out = dispatch("georep.config.list", {{"session_id", id_}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  const auto& config = out.result["config"];
  EXPECT_GT(config.size(), 60u);
  bool seen = false;
  for (const auto& e : config) {
    if (e["key"] == "sync_jobs") {
      seen = true;
      EXPECT_EQ(e["value"], "6");
      EXPECT_EQ(e["is_default"], false);
    }
    if (e["key"] == "sync_method") {
      EXPECT_EQ(e["is_default"], true);
    }
  }
  EXPECT_TRUE(seen);
  out = dispatch("georep.config.list", {{"session_id", id_}, {"changed_only", true}});
  ASSERT_TRUE(out.ok);
  ASSERT_EQ(out.result["config"].size(), 1u);
  EXPECT_EQ(out.result["config"][0]["key"], "sync_jobs");
  EXPECT_EQ(fake().callCount(), 0u);  // read from the database only

  out = dispatch("georep.config.list", {{"session_id", id_ + 100}});
  EXPECT_EQ(codeOf(out), "not_found");
  EXPECT_EQ(out.error->field(), "session_id");
}

}  // namespace
}  // namespace georep::testing
