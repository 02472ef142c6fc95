// georep.config.set | reset | list: key and value validated by the gateway's catalog before anything is
// sent; the whole config read back and stored; read-back mismatches and glusterd's refusals mapped.
#include <gtest/gtest.h>

#include "command_fixture.h"
#include "commands/command_clock.h"

namespace georep::testing {
namespace {

// A clock the test sets; sleepUntil() records the wait and moves the time instead of sleeping.
class FakeClock : public commands::CommandClock {
 public:
  explicit FakeClock(long long unixSeconds) : now_(std::chrono::seconds(unixSeconds)) {}
  TimePoint now() const override { return now_; }
  void sleepUntil(TimePoint when) override {
    waits.push_back(when);
    if (when > now_) now_ = when;
  }
  std::vector<TimePoint> waits;

 private:
  TimePoint now_;
};

class ConfigCommandTest : public CommandTest {
 protected:
  void SetUp() override {
    CommandTest::SetUp();
    deps_->clock = &clock_;
    id_ = seedSession("Active", "Active");
  }
  std::int64_t id_ = 0;
  FakeClock clock_{1795262500};
};

// The config as read before the command, then after it.
void configReadsBack(FakeTransport& t, const std::string& beforeCheckpoint, const std::string& afterCheckpoint) {
  t.on({"geo-replication", "vm::slavevol", "config"}, {0, configXml("checkpoint", beforeCheckpoint), ""});
  t.on({"geo-replication", "vm::slavevol", "config"}, {0, configXml("checkpoint", afterCheckpoint), ""});
}

TEST_F(ConfigCommandTest, CheckpointNowMustReadBackNewerThanTheCheckpointBefore) {
  // glusterd accepted, but the config still shows the old checkpoint: that is not this checkpoint.
  fake().onFixture({"geo-replication", "config", "checkpoint", "now"}, "config_set_ok.xml");
  configReadsBack(fake(), "1795262396", "1795262396");
  const auto before = snapshotTables();
  auto out = dispatch("georep.config.set", {{"session_id", id_}, {"key", "checkpoint"}, {"value", "now"}});
  ASSERT_EQ(codeOf(out), "gluster_error");
  EXPECT_NE(std::string(out.error->what()).find("not newer"), std::string::npos) << out.error->what();
  EXPECT_EQ(out.error->details()["observed"], "1795262396");
  EXPECT_EQ(snapshotTables(), before);
  EXPECT_TRUE(clock_.waits.empty());
}

TEST_F(ConfigCommandTest, CheckpointNowNewerThanBeforeIsStored) {
  fake().onFixture({"geo-replication", "config", "checkpoint", "now"}, "config_set_ok.xml");
  configReadsBack(fake(), "1795262396", "1795262500");
  auto out = dispatch("georep.config.set", {{"session_id", id_}, {"key", "checkpoint"}, {"value", "now"}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  EXPECT_EQ(configEntry(id_, "checkpoint")->value, "1795262500");
  // The checkpoint before was read, then set, then the whole config read back.
  EXPECT_EQ(sent(), (std::vector<std::string>{"volume geo-replication mastervol vm::slavevol config",
                                              "volume geo-replication mastervol vm::slavevol config checkpoint now",
                                              "volume geo-replication mastervol vm::slavevol config"}));
}

TEST_F(ConfigCommandTest, CheckpointNowInTheSecondOfThePreviousWaitsForTheNextSecond) {
  // The previous checkpoint is from this very second: glusterd's 'now' would repeat it. The command waits
  // (on the clock) for the next second before sending.
  fake().onFixture({"geo-replication", "config", "checkpoint", "now"}, "config_set_ok.xml");
  configReadsBack(fake(), "1795262500", "1795262501");
  auto out = dispatch("georep.config.set", {{"session_id", id_}, {"key", "checkpoint"}, {"value", "now"}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  ASSERT_EQ(clock_.waits.size(), 1u);
  EXPECT_EQ(clock_.waits[0], commands::CommandClock::TimePoint(std::chrono::seconds(1795262501)));
}

TEST_F(ConfigCommandTest, CheckpointSetThatMayHaveRunIsReadBackNotResent) {
  fake("vm").on({"geo-replication", "vm::slavevol", "config"}, {0, configXml("checkpoint", "1795262396"), ""});
  fake("vm").fail({"geo-replication", "config", "checkpoint", "now"},
                  gluster::GatewayError(gluster::ErrorKind::kTimeout, "timed out"));
  fake("vm2").onFixture({"geo-replication", "config", "checkpoint", "now"}, "config_set_ok.xml");
  fake("vm2").on({"geo-replication", "vm::slavevol", "config"}, {0, configXml("checkpoint", "1795262396"), ""});
  auto out = dispatch("georep.config.set", {{"session_id", id_}, {"key", "checkpoint"}, {"value", "now"}});
  ASSERT_EQ(codeOf(out), "unavailable");
  EXPECT_EQ(out.error->details()["outcome"], "not_done");
  for (const auto& s : sent("vm2")) EXPECT_EQ(s.find("checkpoint"), std::string::npos) << "re-sent: " << s;
}

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
  configReadsBack(fake(), "0", "1795262396");  // no checkpoint before
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

// Issue 15: no config value may make root run a program or read/write a file of the caller's choice on
// the nodes. Refused with invalid_argument naming the key (or the value's option) before anything is sent.
TEST_F(ConfigCommandTest, ProgramsFilesAndOptionsPickingThemAreRefusedBeforeAnythingIsSent) {
  struct Case {
    std::string key, value, field;
  };
  for (const auto& c : std::vector<Case>{{"ssh-command", "/tmp/x.sh", "key"},
                                         {"rsync_command", "/tmp/x.sh", "key"},
                                         {"tar-command", "/tmp/x.sh", "key"},
                                         {"remote-gsyncd", "/tmp/x.sh", "key"},
                                         {"gluster-command-dir", "/tmp/", "key"},
                                         {"secondary-gluster-command-dir", "/tmp", "key"},
                                         {"gluster-logdir", "/etc/cron.d", "key"},
                                         {"glusterd-workdir", "/tmp", "key"},
                                         {"meta-volume-mnt", "/tmp", "key"},
                                         {"gluster-cli-options", "--log-file=/etc/passwd", "key"},
                                         {"log-file", "/etc/passwd", "key"},
                                         {"pid-file", "/etc/passwd", "key"},
                                         {"ssh-options", "-F /tmp/cfg", "value"},
                                         {"ssh-options", "-i /root/.ssh/id_rsa", "value"},
                                         {"ssh_options", "-oProxyCommand=/tmp/x.sh", "value"},
                                         {"rsync-ssh-options", "-o LocalCommand=/tmp/x.sh", "value"},
                                         {"rsync-options", "--rsync-path=/tmp/x.sh", "value"},
                                         {"rsync-options", "-ave /tmp/x.sh", "value"},
                                         {"rsync-options", "--remote-option=--log-file=/etc/x", "value"},
                                         {"gluster-params", "aux-gfid-mount log-file=/etc/x", "value"}}) {
    auto out = dispatch("georep.config.set", {{"session_id", id_}, {"key", c.key}, {"value", c.value}});
    EXPECT_EQ(codeOf(out), "invalid_argument") << c.key << "=" << c.value;
    ASSERT_TRUE(out.error) << c.key << "=" << c.value;
    EXPECT_EQ(out.error->field(), c.field) << c.key << "=" << c.value << ": " << out.error->what();
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
