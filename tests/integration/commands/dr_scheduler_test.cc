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
#include "dr/jobs/dr_scheduler.h"
#include "engine/src/metrics/metrics_registry.h"
#include "engine/src/scheduler/engine_scheduler.h"

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
    sessionId_ = seedSession("Active", "Active");
    clock_.set(kWindow - 300);
    scheduler_ = std::make_unique<dr::DrScheduler>(
        dr::DrRunServices{db_->database(), events_, bus_, clock_, std::chrono::seconds(5), std::chrono::seconds(10)},
        engineScheduler_, metricsRegistry_);
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

  AdvancingClock clock_;
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

TEST_F(DrSchedulerTest, HooksAreNotRunYetSoAPolicyWithHooksFailsBeforeAnyGlusterStep) {
  createPolicy({{"hooks", {{"pre", {{{"type", "webhook"}, {"url", "https://hooks.example/q"}}}}}}});
  tickAt(kWindow + 5);
  const auto run = runs().at(0);
  EXPECT_EQ(run.result, "failed");
  EXPECT_EQ(run.step, "pre_hooks");
  EXPECT_NE(run.error->find("not built yet"), std::string::npos);
  EXPECT_EQ(fake().callCount(), 0u);
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
  EXPECT_NE(run.error->find("did not complete within 600 s (0 of 2 Active workers done)"), std::string::npos)
      << *run.error;
  bool stoppedWithForce = false;
  for (const auto& s : sent()) stoppedWithForce |= s == "volume geo-replication mastervol vm::slavevol stop force";
  EXPECT_TRUE(stoppedWithForce);
  EXPECT_GE(clock_.seconds(), kWindow + 5 + 600);
  EXPECT_EQ(eventsNamed("georep.dr.run.timed_out").size(), 1u);
}

TEST_F(DrSchedulerTest, RunsLeftRunningByAStoppedEngineAreFailedAtStartUp) {
  createPolicy();
  sql("INSERT INTO georep_dr_runs (session_id, trigger, step) VALUES (" + std::to_string(sessionId_) +
      ", 'schedule', 'wait')");
  tickAt(kWindow - 60);
  const auto run = runs().at(0);
  EXPECT_EQ(run.result, "failed");
  EXPECT_EQ(run.step, "wait");
  EXPECT_NE(run.error->find("the engine stopped while the run was at step wait"), std::string::npos);
  const auto failed = eventsNamed("georep.dr.run.failed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].body["interrupted"], true);
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
  sql("INSERT INTO georep_dr_runs (session_id, trigger, step) VALUES (" + std::to_string(sessionId_) +
      ", 'manual', 'wait')");
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
