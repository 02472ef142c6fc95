// The DR scheduler and run state machine (dr/jobs) on a real PostgreSQL, with the real commands over the
// fake transport: a run that succeeds (checkpoint T read back, every Active worker done at T), a failure
// at each step built (hooks, start refused by state, checkpoint, a Faulty worker, new failures), the
// timeout (stop force when the policy stops the session), runs left running by a dead engine, windows
// missed while the engine was down, and a window that finds the previous run still going. Time is a fake
// clock that advances when the run sleeps; "the sync job" is the test writing the per-brick rows.
#include <gtest/gtest.h>

#include <functional>

#include "command_fixture.h"
#include "dao/dr_run_dao.h"
#include "dr/jobs/dr_hooks_runner.h"
#include "dr/jobs/dr_scheduler.h"
#include "engine/src/metrics/metrics_registry.h"
#include "engine/src/scheduler/engine_scheduler.h"
#include "support/test_http_server.h"

namespace georep::testing {
namespace {

// 2026-11-21T12:00:00Z: a */10 window.
constexpr std::int64_t kWindow = 1795262400;

class AdvancingClock : public commands::CommandClock {
 public:
  TimePoint now() const override { return now_; }
  void sleepUntil(TimePoint when) override {
    if (when > now_) now_ = when;
    if (onSleep) onSleep();
  }
  void set(std::int64_t seconds) { now_ = TimePoint{std::chrono::seconds(seconds)}; }
  std::int64_t seconds() const { return std::chrono::floor<std::chrono::seconds>(now_.time_since_epoch()).count(); }
  std::function<void()> onSleep;

 private:
  TimePoint now_{};
};

class DrSchedulerTest : public CommandTest {
 protected:
  void SetUp() override {
    CommandTest::SetUp();
    deps_->clock = &clock_;
    deps_->options.drHookPrograms = {{"quiesce", kQuiesce}};
    sessionId_ = seedSession("Active", "Active");
    clock_.set(kWindow - 300);
    nodes_ = std::make_unique<dr::DrNodeServices>(
        dr::DrNodeServices{*inventory_, *gateway_, {{"quiesce", kQuiesce}}, {}});
    services_ = std::make_unique<dr::DrRunServices>(
        dr::DrRunServices{db_->database(), events_, bus_, clock_, std::chrono::seconds(5), std::chrono::seconds(10)});
    services_->nodes = nodes_.get();
    // Stalled-worker restarts are off except in the tests of them: a worker standing still is what most
    // tests' timeouts are made of.
    services_->stallRestartAfter = std::chrono::milliseconds(0);
    scheduler_ = std::make_unique<dr::DrScheduler>(*services_, engineScheduler_, metricsRegistry_);
    touchSucceeds();
  }
  void TearDown() override {
    scheduler_.reset();
    CommandTest::TearDown();
  }

  void createPolicy(nlohmann::json extra = nlohmann::json::object()) {
    nlohmann::json params{{"session_id", sessionId_}, {"schedule", "*/10 * * * *"}, {"run_timeout_seconds", 600}};
    params.update(extra);
    auto out = dispatch("georep.dr.policy.create", params);
    ASSERT_TRUE(out.ok) << out.error->toJson().dump();
    if (!params.value("paused", false)) ASSERT_EQ(out.result["next_run_at"], "2026-11-21T12:00:00Z");
  }

  // One tick at `at`, then waits for the runs it started.
  void tickAt(std::int64_t at) {
    clock_.set(at);
    scheduler_->tick();
    scheduler_->waitForRuns();
  }

  void sql(const std::string& statement) {
    auto lease = db_->database().leaseShared(std::chrono::seconds(10));
    lease.sql() << statement;
  }

  // glusterd accepts `checkpoint now` and reads back `t` (the config before shows an older checkpoint).
  void checkpointReadsBack(std::int64_t t) {
    fake().onFixture({"geo-replication", "config", "checkpoint", "now"}, "config_set_ok.xml");
    fake().on({"geo-replication", "vm::slavevol", "config"}, {0, configXml("checkpoint", "1795200000"), ""});
    fake().on({"geo-replication", "vm::slavevol", "config"}, {0, configXml("checkpoint", std::to_string(t)), ""});
  }

  // What the sync job would write once the workers report the checkpoint at `t` completed.
  void workersCompleteAt(std::int64_t t) {
    sql("UPDATE georep_session_bricks SET checkpoint_time = to_timestamp(" + std::to_string(t) +
        "), checkpoint_completed = true, failures = 0");
  }

  std::vector<dao::DrRunRecord> runs() {
    auto lease = db_->database().leaseShared(std::chrono::seconds(10));
    return dao::DrRunDao{}.listBySession(lease.sql(), sessionId_, 100);
  }
  nlohmann::json policy() { return dispatch("georep.dr.policy.get", {{"session_id", sessionId_}}).result; }

  std::vector<api::Event> eventsNamed(const std::string& name) {
    std::vector<api::Event> out;
    for (const auto& e : events_.events()) {
      if (e.name == name) out.push_back(e);
    }
    return out;
  }

  // A run that succeeds with checkpoint time `t` (started by the tick at `t`).
  void succeedAt(std::int64_t t) {
    sql("UPDATE georep_session_bricks SET failures = 0");
    checkpointReadsBack(t);
    clock_.onSleep = [this, t] { workersCompleteAt(t); };
    tickAt(t);
    clock_.onSleep = nullptr;
    ASSERT_EQ(runs().at(0).result, "succeeded") << runs().at(0).error.value_or("");
  }

  // The scrape at `at`: GET /metrics renders exactly this.
  std::string scrapeAt(std::int64_t at) {
    clock_.set(at);
    return metricsRegistry_.render();
  }

  // The root touch's argvs on node vm succeed (an idle volume's checkpoint can complete).
  void touchSucceeds(const std::string& host = "vm") {
    fake(host).on({"mkdir", "-p", "-m", "0700", "--", "/run/georep-dr"}, {0, "", ""});
    fake(host).on({"stat", "%u %a %F", "/run/georep-dr"}, {0, "0 700 directory\n", ""});
    fake(host).on({"mktemp", "-d", "-p", "/run/georep-dr"}, {0, std::string(kMountPoint) + "\n", ""});
    fake(host).on({"glusterfs", "--volfile-id=mastervol"}, {0, "", ""});
    fake(host).on({"stat", "%i", kMountPoint}, {0, "1\n", ""});
    fake(host).on({"touch", "--", kMountPoint}, {0, "", ""});
    fake(host).on({"umount", "-l", "--", kMountPoint}, {0, "", ""});
    fake(host).on({"rmdir", "--", kMountPoint}, {0, "", ""});
  }

  // Drops every rule of vm but the volume info of SetUp (to put a failing answer first).
  void resetRules() {
    fake().clearRules();
    fake().onFixture({"volume", "info"}, "volinfo.xml");
  }

  // A run whose touch step gets `answer` (once) for the argv with `words`, the other touch argvs succeeding.
  dao::DrRunRecord runWhereTouchAnswers(std::vector<std::string> words, gluster::ExecResult answer) {
    resetRules();
    fake().on(std::move(words), std::move(answer));  // queued before the success: answered first
    touchSucceeds();
    createPolicy();
    checkpointReadsBack(kWindow + 5);
    tickAt(kWindow + 5);
    return runs().at(0);
  }

  // The quiesce program's path components as stat shows them: root-owned, 755 dirs, a 755 file.
  static std::string safeStat() {
    return "0 0 755 directory\n0 0 755 directory\n0 0 755 directory\n0 0 755 directory\n0 0 755 regular file\n";
  }

  // Every argv sent to `host`, joined with spaces (non-gluster ones included).
  std::vector<std::string> argvs(const std::string& host = "vm") {
    std::vector<std::string> out;
    for (const auto& argv : fake(host).calls()) {
      std::string s;
      for (const auto& a : argv) s += (s.empty() ? "" : " ") + a;
      out.push_back(s);
    }
    return out;
  }
  bool anyArgvStartsWith(const std::string& prefix, const std::string& host = "vm") {
    for (const auto& a : argvs(host)) {
      if (a.rfind(prefix, 0) == 0) return true;
    }
    return false;
  }

  static constexpr const char* kQuiesce = "/usr/local/sbin/quiesce";
  static constexpr const char* kMountPoint = "/run/georep-dr/touch.AbCdEf1234";

  AdvancingClock clock_;
  std::unique_ptr<dr::DrRunServices> services_;
  std::unique_ptr<dr::DrNodeServices> nodes_;
  engine::EngineScheduler engineScheduler_{1};
  engine::EngineMetricsRegistry metricsRegistry_;
  std::unique_ptr<dr::DrScheduler> scheduler_;
  std::int64_t sessionId_ = 0;
};

TEST_F(DrSchedulerTest, NothingRunsBeforeTheWindow) {
  createPolicy();
  tickAt(kWindow - 1);
  EXPECT_TRUE(runs().empty());
  EXPECT_EQ(fake().callCount(), 0u);
}

TEST_F(DrSchedulerTest, ContinuousRunSucceedsWhenEveryActiveWorkerCompletesTheCheckpointAtT) {
  createPolicy();
  sql("UPDATE georep_session_bricks SET failures = 0");
  const std::int64_t t = kWindow + 20;
  checkpointReadsBack(t);
  clock_.onSleep = [&] { workersCompleteAt(t); };
  tickAt(kWindow + 20);
  const auto all = runs();
  ASSERT_EQ(all.size(), 1u);
  const auto& run = all[0];
  EXPECT_EQ(run.result, "succeeded") << run.error.value_or("");
  EXPECT_EQ(run.step, "done");
  EXPECT_EQ(run.trigger, "schedule");
  ASSERT_TRUE(run.checkpointTime);
  EXPECT_EQ(run.checkpointTime->time_since_epoch().count(), t);
  ASSERT_TRUE(run.scheduledFor);
  EXPECT_EQ(run.scheduledFor->time_since_epoch().count(), kWindow);
  EXPECT_TRUE(run.endedAt.has_value());
  EXPECT_TRUE(run.pendingEntry.has_value());
  // Continuous: the session is not stopped.
  for (const auto& s : sent()) EXPECT_EQ(s.find(" stop"), std::string::npos) << s;
  EXPECT_EQ(eventsNamed("georep.dr.run.started").size(), 1u);
  const auto done = eventsNamed("georep.dr.run.succeeded");
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].body["checkpoint_time"], "2026-11-21T12:00:20Z");
  EXPECT_EQ(policy()["next_run_at"], "2026-11-21T12:10:00Z");
  EXPECT_EQ(policy()["missed_count"], 0);
  // The recovery point is T of this run; RPO = now - T, within the one-day target.
  clock_.set(t + 100);
  const auto point = policy()["recovery_point"];
  EXPECT_EQ(point["data_consistent_as_of"], "2026-11-21T12:00:20Z");
  EXPECT_EQ(point["rpo_seconds"], 100);
  EXPECT_EQ(point["rpo_breached"], false);
  EXPECT_EQ(point["last_success_run_id"], run.id);
  clock_.set(t + 86401);
  EXPECT_EQ(policy()["recovery_point"]["rpo_breached"], true);
  const auto history = dispatch("georep.dr.run.list", {{"session_id", sessionId_}});
  ASSERT_TRUE(history.ok);
  ASSERT_EQ(history.result["runs"].size(), 1u);
  EXPECT_EQ(history.result["runs"][0]["result"], "succeeded");
  EXPECT_EQ(history.result["runs"][0]["checkpoint_time"], "2026-11-21T12:00:20Z");
  EXPECT_EQ(history.result["runs"][0]["scheduled_for"], "2026-11-21T12:00:00Z");
}

TEST_F(DrSchedulerTest, AFaultyWorkerFailsTheRunNamingItsBrick) {
  createPolicy();
  sql("UPDATE georep_session_bricks SET failures = 0");
  checkpointReadsBack(kWindow + 5);
  clock_.onSleep = [&] { sql("UPDATE georep_session_bricks SET worker_status = 'Faulty' WHERE brick_id = (SELECT min(brick_id) FROM georep_session_bricks)"); };
  tickAt(kWindow + 5);
  const auto run = runs().at(0);
  EXPECT_EQ(run.result, "failed");
  EXPECT_EQ(run.step, "wait");
  ASSERT_TRUE(run.brick);
  EXPECT_NE(run.error->find("is Faulty"), std::string::npos) << *run.error;
  EXPECT_NE(run.error->find(*run.brick), std::string::npos);
  const auto failed = eventsNamed("georep.dr.run.failed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].severity, api::Severity::kAlert);
  EXPECT_EQ(failed[0].body["brick"], *run.brick);
  // No run ever succeeded: nothing is known consistent, the RPO target is breached.
  EXPECT_TRUE(policy()["recovery_point"]["data_consistent_as_of"].is_null());
  EXPECT_EQ(policy()["recovery_point"]["rpo_breached"], true);
  const auto history = dispatch("georep.dr.run.list", {{"session_id", sessionId_}, {"limit", 1}});
  ASSERT_TRUE(history.ok);
  EXPECT_EQ(history.result["runs"][0]["brick"], *run.brick);
  EXPECT_EQ(history.result["runs"][0]["step"], "wait");
}

TEST_F(DrSchedulerTest, NewSyncFailuresFailTheRun) {
  createPolicy();
  sql("UPDATE georep_session_bricks SET failures = 0");
  checkpointReadsBack(kWindow + 5);
  clock_.onSleep = [&] { sql("UPDATE georep_session_bricks SET failures = 3 WHERE brick_id = (SELECT max(brick_id) FROM georep_session_bricks)"); };
  tickAt(kWindow + 5);
  const auto run = runs().at(0);
  EXPECT_EQ(run.result, "failed");
  EXPECT_NE(run.error->find("new sync failures during the run (3)"), std::string::npos) << *run.error;
  EXPECT_TRUE(run.brick.has_value());
}

TEST_F(DrSchedulerTest, ACheckpointThatDoesNotReadBackFailsAtTheCheckpointStep) {
  createPolicy();
  fake().onFixture({"geo-replication", "config", "checkpoint", "now"}, "config_set_ok.xml");
  fake().on({"geo-replication", "vm::slavevol", "config"}, {0, configXml("checkpoint", "1795200000"), ""});
  tickAt(kWindow + 5);
  const auto run = runs().at(0);
  EXPECT_EQ(run.result, "failed");
  EXPECT_EQ(run.step, "checkpoint");
  EXPECT_NE(run.error->find("setting the checkpoint failed"), std::string::npos) << *run.error;
  EXPECT_FALSE(run.checkpointTime.has_value());
}

TEST_F(DrSchedulerTest, APausedSessionIsNotResumedByARun) {
  createPolicy();
  sql("UPDATE georep_sessions SET status = 'PAUSED'");
  tickAt(kWindow + 5);
  const auto run = runs().at(0);
  EXPECT_EQ(run.result, "failed");
  EXPECT_EQ(run.step, "start");
  EXPECT_NE(run.error->find("PAUSED"), std::string::npos);
  EXPECT_EQ(fake().callCount(), 0u);
}

TEST_F(DrSchedulerTest, WebhooksGetTheRunAsJsonBeforeAndAfterAndTheRunSucceeds) {
  TestHttpServer pre;
  TestHttpServer post;
  createPolicy({{"hooks",
                 {{"pre", {{{"type", "webhook"}, {"url", pre.url("/freeze?token=s3cret")}, {"timeout_seconds", 5}}}},
                  {"post", {{{"type", "webhook"}, {"url", post.url("/thaw")}, {"timeout_seconds", 5}}}}}}});
  sql("UPDATE georep_session_bricks SET failures = 0");
  const std::int64_t t = kWindow + 20;
  checkpointReadsBack(t);
  clock_.onSleep = [&] { workersCompleteAt(t); };
  tickAt(kWindow + 20);
  const auto run = runs().at(0);
  EXPECT_EQ(run.result, "succeeded") << run.error.value_or("");
  ASSERT_EQ(pre.requests().size(), 1u);
  const auto received = pre.requests();
  const auto& r = received[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/freeze?token=s3cret");
  EXPECT_NE(r.headers.find("application/json"), std::string::npos);
  const auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["phase"], "pre");
  EXPECT_EQ(body["run_id"], run.id);
  EXPECT_EQ(body["session_id"], sessionId_);
  EXPECT_EQ(body["cluster"], "c1");
  EXPECT_EQ(body["volume"], "mastervol");
  EXPECT_EQ(body["secondary"], "root@vm::slavevol");
  EXPECT_EQ(body["scheduled_for"], "2026-11-21T12:00:00Z");
  ASSERT_EQ(post.requests().size(), 1u);
  const auto after = nlohmann::json::parse(post.requests()[0].body);
  EXPECT_EQ(after["phase"], "post");
  EXPECT_EQ(after["result"], "succeeded");
  EXPECT_EQ(after["checkpoint_time"], "2026-11-21T12:00:20Z");
  // The touch went through a private mount that was undone.
  EXPECT_TRUE(anyArgvStartsWith("glusterfs --volfile-server=localhost --volfile-id=mastervol --client-pid=-1 -l /dev/null " +
                                std::string(kMountPoint)));
  EXPECT_TRUE(anyArgvStartsWith("touch -- " + std::string(kMountPoint)));
  EXPECT_TRUE(anyArgvStartsWith("umount -l -- " + std::string(kMountPoint)));
  EXPECT_TRUE(anyArgvStartsWith("rmdir -- " + std::string(kMountPoint)));
}

TEST_F(DrSchedulerTest, AFailingPreWebhookFailsTheRunBeforeAnyGlusterStepAndPostHooksStillRun) {
  TestHttpServer pre;
  TestHttpServer post;
  pre.respond(503, "{\"error\": \"busy\"}");
  createPolicy({{"hooks",
                 {{"pre", {{{"type", "webhook"}, {"url", pre.url("/freeze?token=s3cret")}, {"timeout_seconds", 5}}}},
                  {"post", {{{"type", "webhook"}, {"url", post.url("/thaw")}, {"timeout_seconds", 5}}}}}}});
  tickAt(kWindow + 5);
  const auto run = runs().at(0);
  EXPECT_EQ(run.result, "failed");
  EXPECT_EQ(run.step, "pre_hooks");
  ASSERT_TRUE(run.error);
  EXPECT_NE(run.error->find("pre hook 1 (webhook http://127.0.0.1:" + std::to_string(pre.port()) +
                            "/freeze): answered HTTP 503"),
            std::string::npos)
      << *run.error;
  EXPECT_EQ(run.error->find("s3cret"), std::string::npos) << "the URL's query stays out of messages";
  EXPECT_EQ(fake().callCount(), 0u) << "no gluster step, no touch";
  ASSERT_EQ(post.requests().size(), 1u);
  const auto after = nlohmann::json::parse(post.requests()[0].body);
  EXPECT_EQ(after["result"], "failed");
  EXPECT_EQ(after["step"], "pre_hooks");
  EXPECT_EQ(eventsNamed("georep.dr.run.failed").at(0).body["step"], "pre_hooks");
}

TEST_F(DrSchedulerTest, AWebhookThatAnswersTooLateOrRedirectsFails) {
  TestHttpServer slow;
  slow.respond(200, "{}", "", std::chrono::milliseconds(2500));
  createPolicy({{"hooks", {{"pre", {{{"type", "webhook"}, {"url", slow.url()}, {"timeout_seconds", 1}}}}}}});
  const auto before = std::chrono::steady_clock::now();
  tickAt(kWindow + 5);
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::milliseconds(2400)) << "cut at the hook's timeout";
  auto run = runs().at(0);
  EXPECT_EQ(run.step, "pre_hooks");
  EXPECT_NE(run.error->find("timed out"), std::string::npos) << *run.error;

  TestHttpServer redirect;
  redirect.respond(302, "", "Location: http://169.254.169.254/latest/meta-data\r\n");
  ASSERT_TRUE(dispatch("georep.dr.policy.update",
                       {{"session_id", sessionId_},
                        {"hooks", {{"pre", {{{"type", "webhook"}, {"url", redirect.url()}, {"timeout_seconds", 5}}}}}}})
                  .ok);
  tickAt(kWindow + 600 + 5);
  run = runs().at(0);
  EXPECT_EQ(run.step, "pre_hooks");
  EXPECT_NE(run.error->find("answered HTTP 302 (redirects are not followed)"), std::string::npos) << *run.error;
  EXPECT_EQ(redirect.requests().size(), 1u);
}

TEST_F(DrSchedulerTest, AnHttpsWebhookToAServerWithoutTlsFailsTheHandshake) {
  TestHttpServer plain;
  createPolicy({{"hooks",
                 {{"pre", {{{"type", "webhook"},
                            {"url", "https://127.0.0.1:" + std::to_string(plain.port()) + "/x"},
                            {"timeout_seconds", 3}}}}}}});
  tickAt(kWindow + 5);
  const auto run = runs().at(0);
  EXPECT_EQ(run.result, "failed");
  EXPECT_EQ(run.step, "pre_hooks");
  EXPECT_NE(run.error->find("TLS handshake"), std::string::npos) << *run.error;
}

TEST_F(DrSchedulerTest, AnAllowListedProgramRunsOnItsNodeWithItsArgvAfterItsOwnershipIsChecked) {
  createPolicy({{"hooks", {{"post", {{{"type", "program"}, {"program", "quiesce"}, {"args", {"thaw", "--all; rm -rf /"}},
                                      {"node", "vm2"}, {"timeout_seconds", 60}}}}}}});
  fake("vm2").on({"stat", "%u %g %a %F"}, {0, safeStat(), ""});
  fake("vm2").on({kQuiesce}, {0, "thawed\n", ""});
  sql("UPDATE georep_session_bricks SET failures = 0");
  const std::int64_t t = kWindow + 20;
  checkpointReadsBack(t);
  clock_.onSleep = [&] { workersCompleteAt(t); };
  tickAt(kWindow + 20);
  EXPECT_EQ(runs().at(0).result, "succeeded") << runs().at(0).error.value_or("");
  const auto sentToVm2 = argvs("vm2");
  ASSERT_EQ(sentToVm2.size(), 2u);
  EXPECT_EQ(sentToVm2[0], "stat -c %u %g %a %F -- / /usr /usr/local /usr/local/sbin /usr/local/sbin/quiesce");
  const auto calls = fake("vm2").calls();
  EXPECT_EQ(calls[1], (std::vector<std::string>{kQuiesce, "thaw", "--all; rm -rf /"}));  // argv, never a shell
}

TEST_F(DrSchedulerTest, AProgramNotSafelyOwnedIsRefusedAndNeverRun) {
  createPolicy({{"hooks", {{"pre", {{{"type", "program"}, {"program", "quiesce"}, {"node", "vm2"}}}}}}});
  // /usr/local/sbin writable by others: anyone could swap the program.
  fake("vm2").on({"stat", "%u %g %a %F"},
                 {0, "0 0 755 directory\n0 0 755 directory\n0 0 755 directory\n0 0 777 directory\n0 0 755 regular file\n", ""});
  fake("vm2").on({kQuiesce}, {0, "", ""});
  tickAt(kWindow + 5);
  auto run = runs().at(0);
  EXPECT_EQ(run.result, "failed");
  EXPECT_EQ(run.step, "pre_hooks");
  EXPECT_NE(run.error->find("pre hook 1 (program quiesce on vm2): program 'quiesce' refused: /usr/local/sbin is "
                            "writable by others (mode 777)"),
            std::string::npos)
      << *run.error;
  EXPECT_FALSE(anyArgvStartsWith(kQuiesce, "vm2"));
  EXPECT_EQ(fake().callCount(), 0u);

  // Owned by a user: refused too. A program that runs and exits non-zero fails naming its status.
  fake("vm2").clearRules();
  fake("vm2").on({"stat", "%u %g %a %F"},
                 {0, "0 0 755 directory\n0 0 755 directory\n0 0 755 directory\n0 0 755 directory\n1000 1000 755 regular file\n", ""});
  tickAt(kWindow + 600 + 5);
  EXPECT_NE(runs().at(0).error->find("/usr/local/sbin/quiesce is owned by uid 1000, not root"), std::string::npos)
      << *runs().at(0).error;
  EXPECT_FALSE(anyArgvStartsWith(kQuiesce, "vm2"));
  fake("vm2").clearRules();
  fake("vm2").on({"stat", "%u %g %a %F"}, {0, safeStat(), ""});
  fake("vm2").on({kQuiesce}, {3, "", "database is locked\n"});
  tickAt(kWindow + 1200 + 5);
  EXPECT_NE(runs().at(0).error->find("program 'quiesce' exited with status 3: database is locked"), std::string::npos)
      << *runs().at(0).error;
}

TEST_F(DrSchedulerTest, AProgramRemovedFromTheAllowListSinceThePolicyWasStoredFails) {
  createPolicy({{"hooks", {{"pre", {{{"type", "program"}, {"program", "quiesce"}, {"node", "vm2"}}}}}}});
  nodes_->hookPrograms.clear();
  tickAt(kWindow + 5);
  EXPECT_NE(runs().at(0).error->find("no longer in the dr.hook_programs allow-list"), std::string::npos);
  EXPECT_EQ(fake("vm2").callCount(), 0u);
}

TEST_F(DrSchedulerTest, AFailedMountFailsTheTouchStepAndTheMountPointIsRemoved) {
  const auto run = runWhereTouchAnswers({"glusterfs", "--volfile-id=mastervol"}, {1, "", "Mount failed\n"});
  EXPECT_EQ(run.result, "failed");
  EXPECT_EQ(run.step, "touch");
  EXPECT_NE(run.error->find("mounting volume mastervol failed (exit 1): Mount failed"), std::string::npos) << *run.error;
  EXPECT_FALSE(anyArgvStartsWith("umount"));  // nothing was mounted
  EXPECT_TRUE(anyArgvStartsWith("rmdir -- " + std::string(kMountPoint)));
}

TEST_F(DrSchedulerTest, AFailedTouchStillUnmounts) {
  const auto run = runWhereTouchAnswers({"touch", "--", kMountPoint}, {1, "", "touch: Read-only file system\n"});
  EXPECT_EQ(run.step, "touch");
  EXPECT_NE(run.error->find("touching the root of volume mastervol failed (exit 1)"), std::string::npos) << *run.error;
  EXPECT_TRUE(anyArgvStartsWith("umount -l -- " + std::string(kMountPoint)));
  EXPECT_TRUE(anyArgvStartsWith("rmdir -- " + std::string(kMountPoint)));
}

TEST_F(DrSchedulerTest, AMountBaseNotPrivateToRootIsRefused) {
  const auto run = runWhereTouchAnswers({"stat", "%u %a %F", "/run/georep-dr"}, {0, "1000 777 directory\n", ""});
  EXPECT_EQ(run.step, "touch");
  EXPECT_NE(run.error->find("is not a root-owned 0700 directory"), std::string::npos) << *run.error;
  EXPECT_FALSE(anyArgvStartsWith("mktemp"));
  EXPECT_FALSE(anyArgvStartsWith("glusterfs"));
}

TEST_F(DrSchedulerTest, TimeoutStopsTheSessionWithForceWhenThePolicyStopsIt) {
  createPolicy({{"mode", "stop_after_sync"}});
  checkpointReadsBack(kWindow + 5);
  fake().onFixture({"geo-replication", "vm::slavevol", "stop", "force"}, "stop_ok.xml");
  fake().on({"geo-replication", "mastervol", "status"}, {0, statusXml("Stopped", "Stopped"), ""});
  tickAt(kWindow + 5);  // the workers never complete: the clock runs to the deadline
  const auto run = runs().at(0);
  EXPECT_EQ(run.result, "timed_out") << run.error.value_or("");
  EXPECT_EQ(run.step, "wait");
  EXPECT_NE(run.error->find("did not complete within 600 s (0 of 2 Active workers done); not completed by "),
            std::string::npos)
      << *run.error;
  EXPECT_FALSE(run.brick.has_value()) << "two workers fell short: no single brick to blame";
  bool stoppedWithForce = false;
  for (const auto& s : sent()) stoppedWithForce |= s == "volume geo-replication mastervol vm::slavevol stop force";
  EXPECT_TRUE(stoppedWithForce);
  EXPECT_GE(clock_.seconds(), kWindow + 5 + 600);
  EXPECT_EQ(eventsNamed("georep.dr.run.timed_out").size(), 1u);
}

// GlusterFS can leave a worker Active yet deaf to its brick's changelog: it never completes T. The
// timeout names it, with how far it synced, as the run's brick; the worker that completed is not named.
TEST_F(DrSchedulerTest, ATimeoutNamesTheActiveWorkerThatDidNotCompleteTheCheckpoint) {
  createPolicy();
  sql("UPDATE georep_session_bricks SET failures = 0, last_synced = to_timestamp(" + std::to_string(kWindow - 600) + ")");
  const auto bricks = sessionBricks(sessionId_);
  ASSERT_EQ(bricks.size(), 2u);
  const std::string done = bricks[0].host + ":" + bricks[0].path;
  const std::string deaf = bricks[1].host + ":" + bricks[1].path;
  checkpointReadsBack(kWindow + 5);
  clock_.onSleep = [&] {
    sql("UPDATE georep_session_bricks SET checkpoint_time = to_timestamp(" + std::to_string(kWindow + 5) +
        "), checkpoint_completed = true WHERE brick_id = " + std::to_string(bricks[0].brickId));
  };
  tickAt(kWindow + 5);
  clock_.onSleep = nullptr;
  const auto run = runs().at(0);
  EXPECT_EQ(run.result, "timed_out") << run.error.value_or("");
  EXPECT_EQ(run.step, "wait");
  ASSERT_TRUE(run.error.has_value());
  EXPECT_NE(run.error->find("(1 of 2 Active workers done); not completed by " + deaf + " (last synced 2026-11-21T11:50:00Z)"),
            std::string::npos)
      << *run.error;
  EXPECT_EQ(run.error->find(done + " "), std::string::npos) << *run.error;
  EXPECT_EQ(run.brick, deaf);
  const auto timedOut = eventsNamed("georep.dr.run.timed_out");
  ASSERT_EQ(timedOut.size(), 1u);
  EXPECT_EQ(timedOut[0].body["brick"], deaf);
}

// The deaf worker again, with restarts on: it stands still with nothing pending for stallRestartAfter, so
// the run restarts the session (stop, then start; the start's history crawl completes T) and succeeds,
// saying so. The worker that completed is not named.
class DrStallTest : public DrSchedulerTest {
 protected:
  void SetUp() override {
    DrSchedulerTest::SetUp();
    services_->stallRestartAfter = std::chrono::seconds(60);
    scheduler_ = std::make_unique<dr::DrScheduler>(*services_, engineScheduler_, metricsRegistry_);  // takes a copy
    createPolicy();
    sql("UPDATE georep_session_bricks SET failures = 0, last_synced = to_timestamp(" + std::to_string(kWindow - 600) + ")");
    const auto bricks = sessionBricks(sessionId_);
    ASSERT_EQ(bricks.size(), 2u);
    done_ = bricks[0];
    deaf_ = bricks[1];
    checkpointReadsBack(kWindow + 5);
    // Each stop reads back Stopped, each start Active (one read each).
    fake().onFixture({"geo-replication", "vm::slavevol", "stop"}, "stop_ok.xml");
    fake().onFixture({"geo-replication", "vm::slavevol", "start"}, "start_ok.xml");
    for (int i = 0; i < 3; ++i) {
      fake().on({"geo-replication", "mastervol", "status"}, {0, statusXml("Stopped", "Stopped"), ""});
      fake().on({"geo-replication", "mastervol", "status"}, {0, statusXml("Active", "Active"), ""});
    }
  }

  std::size_t restarts() {
    std::size_t n = 0;
    for (const auto& a : sent()) n += a == "volume geo-replication mastervol vm::slavevol stop";
    return n;
  }
  void complete(const dao::SessionBrickRecord& b) {
    sql("UPDATE georep_session_bricks SET checkpoint_time = to_timestamp(" + std::to_string(kWindow + 5) +
        "), checkpoint_completed = true WHERE brick_id = " + std::to_string(b.brickId));
  }
  std::string name(const dao::SessionBrickRecord& b) { return b.host + ":" + b.path; }

  dao::SessionBrickRecord done_, deaf_;
};

TEST_F(DrStallTest, AWorkerThatMakesNoProgressGetsTheSessionRestartedAndTheRunThenSucceeds) {
  clock_.onSleep = [&] {
    complete(done_);
    if (restarts() > 0) complete(deaf_);  // the restart's history crawl reached T
  };
  tickAt(kWindow + 5);
  clock_.onSleep = nullptr;
  const auto run = runs().at(0);
  EXPECT_EQ(run.result, "succeeded") << run.error.value_or("");
  EXPECT_EQ(restarts(), 1u);
  const auto restarted = eventsNamed("georep.dr.run.session_restarted");
  ASSERT_EQ(restarted.size(), 1u);
  EXPECT_EQ(restarted[0].severity, api::Severity::kWarning);
  ASSERT_EQ(restarted[0].body["bricks"].size(), 1u) << restarted[0].body.dump();
  EXPECT_EQ(restarted[0].body["bricks"][0]["brick"], name(deaf_));
  EXPECT_EQ(restarted[0].body["bricks"][0]["last_synced"], "2026-11-21T11:50:00Z");
  EXPECT_EQ(restarted[0].body["restart"], 1);
  const auto succeeded = eventsNamed("georep.dr.run.succeeded");
  ASSERT_EQ(succeeded.size(), 1u);
  EXPECT_EQ(succeeded[0].body["session_restarts"], 1);
  // Not before the worker had stood still for 60 s (polls 5 s apart).
  EXPECT_GE(clock_.seconds(), kWindow + 5 + 60);
}

TEST_F(DrStallTest, AWorkerWhoseLastSyncedMovesIsNeverRestarted) {
  std::int64_t synced = kWindow - 600;
  clock_.onSleep = [&] {
    complete(done_);
    synced += 2;  // a backlog: it syncs, but not up to T before the deadline
    sql("UPDATE georep_session_bricks SET last_synced = to_timestamp(" + std::to_string(synced) +
        ") WHERE brick_id = " + std::to_string(deaf_.brickId));
  };
  tickAt(kWindow + 5);
  clock_.onSleep = nullptr;
  const auto run = runs().at(0);
  EXPECT_EQ(run.result, "timed_out") << run.error.value_or("");
  EXPECT_EQ(restarts(), 0u);
  EXPECT_TRUE(eventsNamed("georep.dr.run.session_restarted").empty());
  EXPECT_EQ(run.brick, name(deaf_));
}

TEST_F(DrStallTest, AWorkerWithWorkPendingIsNeverRestarted) {
  sql("UPDATE georep_session_bricks SET data_pending = 3 WHERE brick_id = " + std::to_string(deaf_.brickId));
  clock_.onSleep = [&] { complete(done_); };
  tickAt(kWindow + 5);
  clock_.onSleep = nullptr;
  EXPECT_EQ(runs().at(0).result, "timed_out") << runs().at(0).error.value_or("");
  EXPECT_EQ(restarts(), 0u);
}

TEST_F(DrStallTest, RestartsStopAtTheLimitAndTheTimeoutSaysHowManyThereWere) {
  clock_.onSleep = [&] { complete(done_); };  // the deaf worker never catches up
  tickAt(kWindow + 5);
  clock_.onSleep = nullptr;
  const auto run = runs().at(0);
  EXPECT_EQ(run.result, "timed_out") << run.error.value_or("");
  EXPECT_EQ(restarts(), 2u);
  EXPECT_EQ(eventsNamed("georep.dr.run.session_restarted").size(), 2u);
  EXPECT_NE(run.error->find("the session was restarted 2 time(s) for workers that made no progress"), std::string::npos)
      << *run.error;
  EXPECT_EQ(run.brick, name(deaf_));
}

TEST_F(DrSchedulerTest, ARunLeftBeforeItsWaitByAStoppedEngineIsFailedNamingItsStepAfterItsPostHooks) {
  TestHttpServer post;
  createPolicy({{"hooks", {{"post", {{{"type", "webhook"}, {"url", post.url("/thaw")}, {"timeout_seconds", 5}}}}}}});
  sql("INSERT INTO georep_dr_runs (session_id, policy_id, trigger, step) SELECT " + std::to_string(sessionId_) +
      ", id, 'schedule', 'checkpoint' FROM georep_dr_policies");
  tickAt(kWindow - 60);
  const auto run = runs().at(0);
  EXPECT_EQ(run.result, "failed");
  EXPECT_EQ(run.step, "checkpoint");
  EXPECT_NE(run.error->find("the engine stopped while the run was at step checkpoint"), std::string::npos) << *run.error;
  ASSERT_EQ(post.requests().size(), 1u) << "the cleanup hook ran";
  EXPECT_EQ(nlohmann::json::parse(post.requests()[0].body)["result"], "failed");
  const auto failed = eventsNamed("georep.dr.run.failed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].body["resumed"], true);
}

TEST_F(DrSchedulerTest, ARunLeftWaitingByAStoppedEngineIsResumedAndSucceeds) {
  createPolicy();
  sql("UPDATE georep_session_bricks SET failures = 0");
  const std::int64_t t = kWindow - 200;
  // Another engine's run, at wait with its T, last heartbeat 100 s ago: alive as far as we know.
  sql("INSERT INTO georep_dr_runs (session_id, policy_id, trigger, step, checkpoint_time, deadline_at, heartbeat_at) "
      "SELECT " + std::to_string(sessionId_) + ", id, 'manual', 'wait', to_timestamp(" + std::to_string(t) +
      "), to_timestamp(" + std::to_string(kWindow + 3000) + "), to_timestamp(" + std::to_string(kWindow - 160) +
      ") FROM georep_dr_policies");
  tickAt(kWindow - 60);
  EXPECT_EQ(runs().at(0).result, "running") << "a live engine's run is never taken over";
  EXPECT_TRUE(eventsNamed("georep.dr.run.started").empty());
  // 130 s without a heartbeat (over the 120 s stale age): taken over and resumed at wait.
  clock_.onSleep = [&] { workersCompleteAt(t); };
  tickAt(kWindow - 30);
  const auto run = runs().at(0);
  EXPECT_EQ(run.result, "succeeded") << run.error.value_or("");
  EXPECT_EQ(run.step, "done");
  const auto started = eventsNamed("georep.dr.run.started");
  ASSERT_EQ(started.size(), 1u);
  EXPECT_EQ(started[0].body["resumed"], true);
  EXPECT_EQ(fake().callCount(), 0u) << "no step repeated: no checkpoint set again, no touch";
  EXPECT_EQ(policy()["recovery_point"]["data_consistent_as_of"], "2026-11-21T11:56:40Z");
}

TEST_F(DrSchedulerTest, ARunResumedAfterItsDeadlineTimesOut) {
  createPolicy();
  sql("INSERT INTO georep_dr_runs (session_id, policy_id, trigger, step, checkpoint_time, deadline_at) SELECT " +
      std::to_string(sessionId_) + ", id, 'manual', 'wait', to_timestamp(" + std::to_string(kWindow - 4000) +
      "), to_timestamp(" + std::to_string(kWindow - 400) + ") FROM georep_dr_policies");
  tickAt(kWindow - 60);
  const auto run = runs().at(0);
  EXPECT_EQ(run.result, "timed_out");
  EXPECT_EQ(run.step, "wait");
}

TEST_F(DrSchedulerTest, WindowsMissedWhileTheEngineWasDownAreCountedAndReportedOnce) {
  createPolicy();
  sql("UPDATE georep_sessions SET status = 'PAUSED'");  // the catch-up run then fails fast at start
  tickAt(kWindow + 3600 + 30);  // 12:00 .. 13:00 due: 13:00 runs, 6 missed
  const auto missed = eventsNamed("georep.dr.run.missed");
  ASSERT_EQ(missed.size(), 1u);
  EXPECT_EQ(missed[0].body["missed"], 6);
  EXPECT_EQ(missed[0].body["reason"], "engine_down");
  EXPECT_EQ(missed[0].body["first_missed"], "2026-11-21T12:00:00Z");
  EXPECT_EQ(policy()["missed_count"], 6);
  EXPECT_EQ(policy()["next_run_at"], "2026-11-21T13:10:00Z");
  const auto all = runs();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].scheduledFor->time_since_epoch().count(), kWindow + 3600);
  tickAt(kWindow + 3600 + 40);  // nothing new is due: no second report
  EXPECT_EQ(eventsNamed("georep.dr.run.missed").size(), 1u);
}

TEST_F(DrSchedulerTest, AWindowThatFindsTheRunStillGoingIsSkippedAndCounted) {
  createPolicy();
  tickAt(kWindow - 60);  // the start-up tick: nothing due
  sql("INSERT INTO georep_dr_runs (session_id, trigger, step, heartbeat_at) VALUES (" + std::to_string(sessionId_) +
      ", 'manual', 'wait', to_timestamp(" + std::to_string(kWindow - 10) + "))");  // a live engine's run
  tickAt(kWindow + 1);
  const auto all = runs();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].result, "skipped");
  EXPECT_EQ(all[0].scheduledFor->time_since_epoch().count(), kWindow);
  EXPECT_EQ(all[1].result, "running");  // the other run is untouched
  const auto skipped = eventsNamed("georep.dr.run.skipped");
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_EQ(skipped[0].body["reason"], "overlap");
  EXPECT_EQ(policy()["missed_count"], 1);
  EXPECT_EQ(policy()["next_run_at"], "2026-11-21T12:10:00Z");
}

TEST_F(DrSchedulerTest, RunNowStartsAManualRunOnceAtATime) {
  scheduler_->registerCommands();
  createPolicy({{"paused", true}});  // a manual run does not need the schedule
  sql("UPDATE georep_sessions SET status = 'PAUSED'");
  auto out = dispatch("georep.dr.run.now", {{"session_id", sessionId_}});
  ASSERT_TRUE(out.ok) << out.error->toJson().dump();
  scheduler_->waitForRuns();
  const auto run = runs().at(0);
  EXPECT_EQ(run.id, out.result["run_id"]);
  EXPECT_EQ(run.trigger, "manual");
  EXPECT_FALSE(run.scheduledFor.has_value());
  EXPECT_EQ(run.result, "failed");  // the session is paused
  sql("INSERT INTO georep_dr_runs (session_id, trigger, step) VALUES (" + std::to_string(sessionId_) +
      ", 'schedule', 'wait')");
  EXPECT_EQ(codeOf(dispatch("georep.dr.run.now", {{"session_id", sessionId_}})), "conflict");
  ASSERT_TRUE(dispatch("georep.dr.policy.delete", {{"session_id", sessionId_}}).ok);
  EXPECT_EQ(codeOf(dispatch("georep.dr.run.now", {{"session_id", sessionId_}})), "not_found");
}

TEST_F(DrSchedulerTest, CancelEndsTheRunBeforeItsNextPoll) {
  scheduler_->registerCommands();
  createPolicy();
  checkpointReadsBack(kWindow + 5);
  EXPECT_EQ(codeOf(dispatch("georep.dr.run.cancel", {{"session_id", sessionId_}})), "conflict");  // none in flight
  bool cancelled = false;
  clock_.onSleep = [&] {
    if (cancelled) return;
    cancelled = true;
    const auto out = dispatch("georep.dr.run.cancel", {{"session_id", sessionId_}});
    EXPECT_TRUE(out.ok) << out.error->toJson().dump();
  };
  tickAt(kWindow + 5);
  const auto run = runs().at(0);
  EXPECT_EQ(run.result, "cancelled");
  EXPECT_EQ(run.step, "wait");
  EXPECT_LT(clock_.seconds(), kWindow + 5 + 600);  // long before the deadline
  EXPECT_EQ(eventsNamed("georep.dr.run.cancelled").size(), 1u);
}

TEST_F(DrSchedulerTest, ACancelAskedThroughAnotherEngineStopsTheRunAtItsNextPollAndPostHooksRun) {
  TestHttpServer post;
  createPolicy({{"hooks", {{"post", {{{"type", "webhook"}, {"url", post.url("/thaw")}, {"timeout_seconds", 5}}}}}}});
  checkpointReadsBack(kWindow + 5);
  // The other engine: its own scheduler over the same database, doing no run.
  engine::EngineScheduler otherJobs{1};
  engine::EngineMetricsRegistry otherMetrics;
  dr::DrScheduler other(*services_, otherJobs, otherMetrics);
  int polls = 0;
  std::int64_t cancelledAt = 0;
  clock_.onSleep = [&] {
    if (++polls != 2) return;
    const auto out = other.cancel(sessionId_);
    EXPECT_EQ(out["cancelling"], true);
    cancelledAt = clock_.seconds();
  };
  tickAt(kWindow + 5);
  const auto run = runs().at(0);
  EXPECT_EQ(run.result, "cancelled");
  EXPECT_EQ(run.step, "wait");
  EXPECT_TRUE(run.cancelRequested);
  EXPECT_LE(clock_.seconds(), cancelledAt + 5) << "seen at the next poll";
  ASSERT_EQ(post.requests().size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(post.requests()[0].body)["result"], "cancelled");
  EXPECT_THROW(other.cancel(sessionId_), api::CommandError);  // nothing in flight any more
}

TEST_F(DrSchedulerTest, RunGetShowsTheProgressOfARunningRun) {
  createPolicy();
  sql("UPDATE georep_session_bricks SET failures = 0, entry_pending = 3, data_pending = 40, meta_pending = 1");
  const std::int64_t t = kWindow + 5;
  checkpointReadsBack(t);
  nlohmann::json seen;
  int polls = 0;
  clock_.onSleep = [&] {
    if (++polls == 1) {
      // One of the two Active workers is done at T.
      sql("UPDATE georep_session_bricks SET checkpoint_time = to_timestamp(" + std::to_string(t) +
          "), checkpoint_completed = true WHERE brick_id = (SELECT min(brick_id) FROM georep_session_bricks)");
      const auto id = runs().at(0).id;
      const auto out = dispatch("georep.dr.run.get", {{"session_id", sessionId_}, {"run_id", id}});
      EXPECT_TRUE(out.ok) << out.error->toJson().dump();
      seen = out.result;
    } else {
      workersCompleteAt(t);
    }
  };
  tickAt(kWindow + 5);
  ASSERT_TRUE(seen.is_object());
  EXPECT_EQ(seen["result"], "running");
  EXPECT_EQ(seen["progress"]["step"], "wait");
  EXPECT_EQ(seen["progress"]["workers_done"], 1);
  EXPECT_EQ(seen["progress"]["workers_active"], 2);
  EXPECT_EQ(seen["progress"]["pending_entry"], 6);
  EXPECT_EQ(seen["progress"]["pending_data"], 80);
  EXPECT_EQ(seen["progress"]["pending_meta"], 2);
  EXPECT_TRUE(seen["progress"]["elapsed_seconds"].is_number_integer());
  const auto done = dispatch("georep.dr.run.get", {{"session_id", sessionId_}, {"run_id", runs().at(0).id}});
  ASSERT_TRUE(done.ok);
  EXPECT_EQ(done.result["result"], "succeeded");
  EXPECT_EQ(done.result["progress"]["workers_done"], 2);
  // Another session's run, or none: not_found.
  EXPECT_EQ(codeOf(dispatch("georep.dr.run.get", {{"session_id", sessionId_}, {"run_id", 999999}})), "not_found");
}

TEST_F(DrSchedulerTest, ContinuousModeCountsACheckpointCompletedOutsideRuns) {
  createPolicy({{"rpo_target_seconds", 3600}});
  const std::int64_t c = kWindow - 1000;
  workersCompleteAt(c);  // an operator's checkpoint, completed by every Active worker
  clock_.set(c + 100);
  auto point = policy()["recovery_point"];
  EXPECT_EQ(point["data_consistent_as_of"], "2026-11-21T11:43:20Z");
  EXPECT_EQ(point["consistent_source"], "checkpoint");
  EXPECT_EQ(point["rpo_seconds"], 100);
  EXPECT_EQ(point["rpo_breached"], false);
  // One worker not done: nothing is known consistent from the checkpoint.
  sql("UPDATE georep_session_bricks SET checkpoint_completed = false WHERE brick_id = (SELECT min(brick_id) FROM georep_session_bricks)");
  EXPECT_TRUE(policy()["recovery_point"]["data_consistent_as_of"].is_null());
  // stop_after_sync: the session is stopped between runs, only runs count.
  workersCompleteAt(c);
  ASSERT_TRUE(dispatch("georep.dr.policy.update", {{"session_id", sessionId_}, {"mode", "stop_after_sync"}}).ok);
  EXPECT_TRUE(policy()["recovery_point"]["data_consistent_as_of"].is_null());
}

TEST_F(DrSchedulerTest, PausedPoliciesDoNotRun) {
  createPolicy({{"paused", true}});
  tickAt(kWindow + 5);
  EXPECT_TRUE(runs().empty());
}

// The session's labels, spelled as georep_session_status spells them.
const std::string kLabels = R"(cluster="c1",volume="mastervol",secondary="root@vm::slavevol")";

bool has(const std::string& text, const std::string& line) { return text.find(line + "\n") != std::string::npos; }

TEST_F(DrSchedulerTest, MetricsCarryTheRecoveryPointTargetAndRunCountsFromTheLastTick) {
  scheduler_->registerMetrics();
  EXPECT_EQ(metricsRegistry_.render().find("georep_session_rpo"), std::string::npos);  // no policy: no family
  createPolicy({{"rpo_target_seconds", 3600}});
  tickAt(kWindow - 60);  // nothing due, no run yet
  std::string text = scrapeAt(kWindow - 50);
  EXPECT_TRUE(has(text, "georep_session_rpo_target_seconds{" + kLabels + "} 3600")) << text;
  // No succeeded run: nothing is known consistent, so no sample is invented.
  EXPECT_EQ(text.find("georep_session_rpo_seconds{"), std::string::npos) << text;
  EXPECT_EQ(text.find("georep_session_data_consistent_timestamp_seconds{"), std::string::npos) << text;
  EXPECT_EQ(text.find("georep_dr_runs_total{"), std::string::npos) << text;

  const std::int64_t t = kWindow + 20;
  succeedAt(t);
  tickAt(kWindow + 60);  // the tick after the run: the snapshot now holds it
  text = scrapeAt(t + 100);
  EXPECT_TRUE(has(text, "georep_session_data_consistent_timestamp_seconds{" + kLabels + "} " + std::to_string(t))) << text;
  EXPECT_TRUE(has(text, "georep_session_rpo_seconds{" + kLabels + "} 100")) << text;
  EXPECT_TRUE(has(text, "georep_session_rpo_target_seconds{" + kLabels + "} 3600")) << text;
  EXPECT_TRUE(has(text, "georep_dr_runs_total{" + kLabels + ",result=\"succeeded\"} 1")) << text;
  EXPECT_NE(text.find("# TYPE georep_dr_runs_total counter\n"), std::string::npos);

  // RPO is computed at scrape time from the cached T; the scrape reads no database: rows changed after
  // the tick show only at the next tick. (Paused, so that the later ticks start no run of their own; a
  // paused policy keeps its series.)
  ASSERT_TRUE(dispatch("georep.dr.policy.pause", {{"session_id", sessionId_}}).ok);
  sql("INSERT INTO georep_dr_runs (session_id, trigger, result, step, ended_at) VALUES (" +
      std::to_string(sessionId_) + ", 'manual', 'failed', 'wait', now())");
  text = scrapeAt(t + 5000);
  EXPECT_TRUE(has(text, "georep_session_rpo_seconds{" + kLabels + "} 5000")) << text;
  EXPECT_EQ(text.find("result=\"failed\""), std::string::npos) << text;
  tickAt(t + 5000);
  text = metricsRegistry_.render();
  EXPECT_TRUE(has(text, "georep_dr_runs_total{" + kLabels + ",result=\"failed\"} 1")) << text;
  EXPECT_TRUE(has(text, "georep_dr_runs_total{" + kLabels + ",result=\"succeeded\"} 1")) << text;

  // The policy goes: so do its series.
  ASSERT_TRUE(dispatch("georep.dr.policy.delete", {{"session_id", sessionId_}}).ok);
  tickAt(t + 5010);
  EXPECT_EQ(metricsRegistry_.render().find(kLabels), std::string::npos);
}

TEST_F(DrSchedulerTest, RpoBreachAndRecoveryAreRaisedOncePerTransition) {
  createPolicy({{"rpo_target_seconds", 3600}});
  sql("UPDATE georep_dr_policies SET created_at = to_timestamp(" + std::to_string(kWindow - 600) + ")");
  tickAt(kWindow - 60);  // a new policy without a succeeded run is not breached before its target elapsed
  EXPECT_TRUE(eventsNamed("georep.dr.rpo.breached").empty());
  sql("UPDATE georep_dr_policies SET created_at = to_timestamp(" + std::to_string(kWindow - 7200) + ")");
  tickAt(kWindow - 50);
  auto breached = eventsNamed("georep.dr.rpo.breached");
  ASSERT_EQ(breached.size(), 1u);
  EXPECT_EQ(breached[0].severity, api::Severity::kAlert);
  EXPECT_EQ(breached[0].body["session_id"], sessionId_);
  EXPECT_EQ(breached[0].body["secondary"], "root@vm::slavevol");
  EXPECT_TRUE(breached[0].body["recovery_point"]["data_consistent_as_of"].is_null());

  const std::int64_t t = kWindow + 20;
  succeedAt(t);
  tickAt(kWindow + 60);
  auto recovered = eventsNamed("georep.dr.rpo.recovered");
  ASSERT_EQ(recovered.size(), 1u);
  EXPECT_EQ(recovered[0].severity, api::Severity::kInfo);
  EXPECT_EQ(recovered[0].body["recovery_point"]["data_consistent_as_of"], "2026-11-21T12:00:20Z");
  tickAt(kWindow + 120);
  EXPECT_EQ(eventsNamed("georep.dr.rpo.recovered").size(), 1u);

  // T + target passes without another success (the policy is paused: no run comes).
  ASSERT_TRUE(dispatch("georep.dr.policy.pause", {{"session_id", sessionId_}}).ok);
  tickAt(t + 3600);
  EXPECT_EQ(eventsNamed("georep.dr.rpo.breached").size(), 1u);  // at the target, not over it
  tickAt(t + 3601);
  breached = eventsNamed("georep.dr.rpo.breached");
  ASSERT_EQ(breached.size(), 2u);
  EXPECT_EQ(breached[1].body["recovery_point"]["rpo_seconds"], 3601);
  tickAt(t + 3700);
  EXPECT_EQ(eventsNamed("georep.dr.rpo.breached").size(), 2u);
}

}  // namespace
}  // namespace georep::testing
