// Stall detection and the sync job's metrics on scripted cycles (CycleWatch with an injected clock, no
// sleeps): a session whose counters and last-synced time stop moving is reported stalled once after the
// threshold and cleared once when progress resumes; Passive workers never count; paused sessions and
// sessions without pending work are never stalled. The metrics rendered from the same cycles are parsed
// back by promtool and carry the values of the cycle. The shipped Grafana dashboard, alert rules and README
// name only metrics the engine really emits (the DR job's collector, dr/jobs/dr_metrics.h, included).
#include <chrono>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "dao/reconcile_snapshot.h"
#include "dr/jobs/dr_metrics.h"
#include "engine/src/metrics/engine_metrics.h"
#include "engine/src/metrics/metrics_registry.h"
#include "engine/src/metrics/prometheus_text_writer.h"
#include "support/promtool.h"
#include "support/recording_event_bus.h"
#include "sync-jobs/cycle_watch.h"
#include "sync-jobs/snapshot_overlay.h"

namespace georep::testing {
namespace {

using namespace std::chrono_literals;
using gluster::AggregateStatus;
using gluster::WorkerStatus;
using TimePoint = std::chrono::system_clock::time_point;

dao::SessionBrickRecord brick(std::string path, WorkerStatus status, std::int64_t entry, std::int64_t data,
                              std::int64_t meta, std::int64_t lastSynced) {
  dao::SessionBrickRecord b;
  b.host = "vm";
  b.path = std::move(path);
  b.workerStatus = status;
  b.entryPending = entry;
  b.dataPending = data;
  b.metaPending = meta;
  b.failures = 0;
  b.lastSynced = gluster::TimePoint(std::chrono::seconds(lastSynced));
  return b;
}

dao::StoredSession session(std::int64_t id, AggregateStatus status, std::vector<dao::SessionBrickRecord> bricks) {
  dao::StoredSession s;
  s.session.id = id;
  s.session.clusterId = 1;
  s.session.masterVolume = "labprimary";
  s.session.secondaryHost = "vm";
  s.session.secondaryVolume = "labsecondary" + std::to_string(id);
  s.session.status = status;
  s.bricks = std::move(bricks);
  return s;
}

class CycleWatchTest : public ::testing::Test {
 protected:
  // One successful status cycle of cluster "lab" with these sessions, at the scripted time.
  void cycle(std::vector<dao::StoredSession> sessions) {
    sync::CycleReport report;
    report.cluster = sync::ClusterRef{1, "lab"};
    report.host = "vm";
    report.gatewayCalls = 2;
    report.duration = 120ms;
    auto state = std::make_shared<dao::ClusterSnapshot>();
    state->clusterId = 1;
    state->sessions = std::move(sessions);
    report.state = std::move(state);
    watch_.onCycle(report, "sync-test");
  }
  std::vector<std::string> names() const { return events_.names(); }
  std::string render() const {
    std::string out;
    engine::PrometheusTextWriter writer(out);
    watch_.collect(writer);
    return out;
  }

  RecordingEventBus events_;
  TimePoint now_ = TimePoint(std::chrono::seconds(1'800'000'000));
  sync::CycleWatch watch_{events_, 15min, [this] { return now_; }};
};

TEST_F(CycleWatchTest, StuckCountersRaiseStalledOnceAfterTheThresholdThenClearedOnce) {
  const auto stuck = [] {
    return session(1, AggregateStatus::kActive, {brick("/b1", WorkerStatus::kActive, 3, 7, 0, 1000)});
  };
  cycle({stuck()});
  now_ += 14min;
  cycle({stuck()});
  EXPECT_TRUE(names().empty()) << "stalled before the threshold";
  now_ += 1min;
  cycle({stuck()});
  ASSERT_EQ(names(), std::vector<std::string>{"georep.session.stalled"});
  const api::Event stalled = events_.events().at(0);
  EXPECT_EQ(stalled.severity, api::Severity::kWarning);
  EXPECT_EQ(stalled.correlationId, "sync-test");
  EXPECT_EQ(stalled.body.at("session_id"), 1);
  EXPECT_EQ(stalled.body.at("pending").at("data"), 7);
  EXPECT_EQ(stalled.body.at("no_progress_since"), "2027-01-15T08:00:00Z");
  EXPECT_EQ(stalled.body.at("stall_after_seconds"), 900);
  EXPECT_TRUE(watch_.stalls().isStalled(1));
  EXPECT_NE(render().find("georep_session_stalled{cluster=\"lab\",volume=\"labprimary\",secondary=\"root@vm::labsecondary1\"} 1\n"),
            std::string::npos);

  for (int i = 0; i < 5; ++i) {  // still stuck: never raised again
    now_ += 10min;
    cycle({stuck()});
  }
  EXPECT_EQ(names().size(), 1u);

  now_ += 10s;  // the last-synced time moves: progress
  cycle({session(1, AggregateStatus::kActive, {brick("/b1", WorkerStatus::kActive, 3, 7, 0, 1010)})});
  ASSERT_EQ(names(), (std::vector<std::string>{"georep.session.stalled", "georep.session.stall_cleared"}));
  EXPECT_EQ(events_.events().at(1).body.at("reason"), "progress");
  EXPECT_EQ(events_.events().at(1).severity, api::Severity::kInfo);
  EXPECT_FALSE(watch_.stalls().isStalled(1));
  EXPECT_NE(render().find("georep_session_stalled{cluster=\"lab\",volume=\"labprimary\",secondary=\"root@vm::labsecondary1\"} 0\n"),
            std::string::npos);
}

TEST_F(CycleWatchTest, MovingPendingCountersAreProgress) {
  std::int64_t data = 100;
  for (int i = 0; i < 10; ++i) {
    cycle({session(1, AggregateStatus::kActive, {brick("/b1", WorkerStatus::kActive, 0, data, 0, 1000)})});
    data -= 1;  // draining, last_synced unchanged
    now_ += 5min;
  }
  EXPECT_TRUE(names().empty());
}

TEST_F(CycleWatchTest, PassiveWorkersNeverCount) {
  // Only a Passive worker has pending work: nothing to watch.
  for (int i = 0; i < 5; ++i) {
    cycle({session(1, AggregateStatus::kActive, {brick("/b1", WorkerStatus::kActive, 0, 0, 0, 1000),
                                                 brick("/b2", WorkerStatus::kPassive, 5, 5, 5, 900)})});
    now_ += 10min;
  }
  EXPECT_TRUE(names().empty());
  // The Active worker is stuck while the Passive one's counters move: still stalled.
  std::int64_t passive = 1;
  for (int i = 0; i < 4; ++i) {
    cycle({session(2, AggregateStatus::kActive, {brick("/b1", WorkerStatus::kActive, 4, 0, 0, 1000),
                                                 brick("/b2", WorkerStatus::kPassive, passive++, 0, 0, 900 + i)})});
    now_ += 6min;
  }
  EXPECT_EQ(names(), std::vector<std::string>{"georep.session.stalled"});
  EXPECT_EQ(events_.events().at(0).body.at("pending").at("entry"), 4);
}

TEST_F(CycleWatchTest, PausedSessionsAndSessionsWithoutWorkAreNeverStalled) {
  for (int i = 0; i < 5; ++i) {
    cycle({session(1, AggregateStatus::kPaused, {brick("/b1", WorkerStatus::kPaused, 9, 9, 9, 1000)}),
           session(2, AggregateStatus::kActive, {brick("/b1", WorkerStatus::kActive, 0, 0, 0, 1000)})});
    now_ += 10min;
  }
  EXPECT_TRUE(names().empty());
}

TEST_F(CycleWatchTest, StalledSessionThatIsPausedIsClearedAndAVanishedOneForgotten) {
  const auto active = [](std::int64_t id) {
    return session(id, AggregateStatus::kActive, {brick("/b1", WorkerStatus::kActive, 1, 0, 0, 1000)});
  };
  cycle({active(1), active(2)});
  now_ += 16min;
  cycle({active(1), active(2)});
  ASSERT_EQ(names().size(), 2u);
  cycle({session(1, AggregateStatus::kPaused, {brick("/b1", WorkerStatus::kPaused, 1, 0, 0, 1000)})});
  ASSERT_EQ(names().size(), 3u);
  EXPECT_EQ(names().back(), "georep.session.stall_cleared");
  EXPECT_EQ(events_.events().back().body.at("reason"), "not_running");
  EXPECT_FALSE(watch_.stalls().isStalled(2)) << "a session no longer listed is forgotten";
  // Session 2 comes back (same id, still stuck): watched afresh, stalled only after a new threshold.
  cycle({active(2)});
  EXPECT_EQ(names().size(), 3u);
}

TEST_F(CycleWatchTest, FailedCyclesKeepTheLastStateAndCountCalls) {
  cycle({session(1, AggregateStatus::kPartialFaulty, {brick("/b\"1", WorkerStatus::kActive, 1, 2, 3, 1000),
                                                       brick("/b2", WorkerStatus::kFaulty, 0, 0, 0, 900)})});
  sync::CycleReport unreachable;
  unreachable.cluster = sync::ClusterRef{1, "lab"};
  unreachable.outcome = sync::CycleReport::Outcome::kUnreachable;
  unreachable.duration = 3s;
  watch_.onCycle(unreachable, "sync-test-2");

  const std::string text = render();
  const PromtoolResult check = promtoolCheckMetrics(text);
  ASSERT_NE(check.exitCode, 127) << "promtool missing (Debian package prometheus)";
  EXPECT_EQ(check.exitCode, 0) << check.output << "\n" << text;
  const std::string s = "cluster=\"lab\",volume=\"labprimary\",secondary=\"root@vm::labsecondary1\"";
  for (const std::string line : {
           "georep_session_status{" + s + ",status=\"PARTIAL_FAULTY\"} 1\n",
           "georep_session_status{" + s + ",status=\"ACTIVE\"} 0\n",
           "georep_brick_worker_status{" + s + ",brick=\"vm:/b\\\"1\",status=\"Active\"} 1\n",
           "georep_brick_worker_status{" + s + ",brick=\"vm:/b2\",status=\"Faulty\"} 1\n",
           "georep_brick_pending{" + s + ",brick=\"vm:/b\\\"1\",kind=\"meta\"} 3\n",
           "georep_brick_last_synced_timestamp_seconds{" + s + ",brick=\"vm:/b2\"} 900\n",
           std::string("georep_cluster_reachable{cluster=\"lab\"} 0\n"),
           std::string("georep_sync_last_success_timestamp_seconds{cluster=\"lab\"} 1800000000\n"),
           std::string("georep_sync_cycle_seconds_bucket{cluster=\"lab\",le=\"0.25\"} 1\n"),
           std::string("georep_sync_cycle_seconds_bucket{cluster=\"lab\",le=\"5\"} 2\n"),
           std::string("georep_sync_cycle_seconds_count{cluster=\"lab\"} 2\n"),
           std::string("georep_gluster_calls_total{cluster=\"lab\",result=\"ok\"} 2\n"),
           std::string("georep_gluster_calls_total{cluster=\"lab\",result=\"unreachable\"} 1\n")}) {
    EXPECT_NE(text.find(line), std::string::npos) << "missing: " << line << "\n" << text;
  }
}

TEST_F(CycleWatchTest, ClusterRemovedFromTheInventoryLosesItsSeries) {
  cycle({session(1, AggregateStatus::kActive, {brick("/b1", WorkerStatus::kActive, 0, 0, 0, 1000)})});
  ASSERT_NE(render().find("cluster=\"lab\""), std::string::npos);
  sync::CycleReport gone;
  gone.cluster = sync::ClusterRef{1, ""};
  gone.outcome = sync::CycleReport::Outcome::kNotFound;
  watch_.onCycle(gone, "sync-test");
  EXPECT_EQ(render().find("cluster=\"lab\""), std::string::npos);
}

std::string readSourceFile(const std::string& relative) {
  std::ifstream in(std::string(GEOREP_SOURCE_DIR) + "/" + relative);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::set<std::string> georepNamesIn(const std::string& text) {
  std::set<std::string> names;
  static const std::regex name("georep_[a-z0-9_]+");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), name); it != std::sregex_iterator(); ++it)
    names.insert(it->str());
  return names;
}

TEST_F(CycleWatchTest, DashboardRulesAndReadmeNameOnlyEmittedMetrics) {
  // Every family filled: engine basics plus a cluster with a session, bricks, a checkpoint, a stall.
  engine::EngineMetricsRegistry registry;
  auto engineMetrics = registerEngineMetrics(registry, "0.1.0", std::chrono::system_clock::now());
  auto plugin = registry.registerCollector("georep.sync", [this](api::MetricsWriter& w) { watch_.collect(w); });
  // The DR job's collector with a policy whose run succeeded at T = 1000 (its snapshot as a tick leaves it).
  dr::DrMetrics drMetrics;
  dr::DrSessionSnapshot drSession;
  drSession.labels = dao::DrSessionLabels{"lab", "labprimary", "root@vm::labsecondary1"};
  drSession.lastSuccess.emplace();
  drSession.lastSuccess->result = "succeeded";
  drSession.lastSuccess->checkpointTime = dao::TimePoint{std::chrono::seconds(1000)};
  drSession.runsByResult = {{"failed", 1}, {"succeeded", 1}};
  drMetrics.publish({drSession});
  auto dr = registry.registerCollector("georep.dr", [&](api::MetricsWriter& w) {
    drMetrics.collect(w, dao::TimePoint{std::chrono::seconds(1500)});
  });
  auto withCheckpoint = brick("/b1", WorkerStatus::kActive, 1, 0, 0, 1000);
  withCheckpoint.checkpointCompleted = false;
  cycle({session(1, AggregateStatus::kActive, {withCheckpoint})});
  now_ += 20min;
  cycle({session(1, AggregateStatus::kActive, {withCheckpoint})});
  const std::string text = registry.render();
  std::set<std::string> emitted;
  static const std::regex type("# TYPE (\\S+) (\\S+)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), type); it != std::sregex_iterator(); ++it) {
    emitted.insert((*it)[1]);
    if ((*it)[2] == "histogram") {
      for (const char* suffix : {"_bucket", "_sum", "_count"}) emitted.insert((*it)[1].str() + suffix);
    }
  }
  for (const std::string family :
       {"georep_session_status", "georep_session_stalled", "georep_brick_worker_status", "georep_brick_pending",
        "georep_brick_failures", "georep_brick_last_synced_timestamp_seconds", "georep_checkpoint_completed",
        "georep_sync_cycle_seconds", "georep_gluster_calls_total", "georep_cluster_reachable", "georep_build_info",
        "georep_up", "georep_session_data_consistent_timestamp_seconds", "georep_session_rpo_seconds",
        "georep_session_rpo_target_seconds", "georep_dr_runs_total"}) {
    EXPECT_TRUE(emitted.count(family)) << family << " not emitted:\n" << text;
  }

  const std::string dashboard = readSourceFile("etc/grafana/georep-dashboard.json");
  ASSERT_FALSE(dashboard.empty()) << "etc/grafana/georep-dashboard.json missing";
  for (const auto& name : georepNamesIn(dashboard)) EXPECT_TRUE(emitted.count(name)) << "dashboard uses " << name;

  EXPECT_NE(text.find("georep_session_rpo_seconds{cluster=\"lab\",volume=\"labprimary\",secondary=\"root@vm::labsecondary1\"} 500\n"),
            std::string::npos) << text;
  const PromtoolResult check = promtoolCheckMetrics(text);
  ASSERT_NE(check.exitCode, 127) << "promtool missing (Debian package prometheus)";
  EXPECT_EQ(check.exitCode, 0) << check.output << "\n" << text;

  const std::string rules = readSourceFile("etc/prometheus/georep-rules.yml");
  ASSERT_FALSE(rules.empty());
  for (const auto& name : georepNamesIn(rules)) EXPECT_TRUE(emitted.count(name)) << "rules use " << name;

  const std::string readme = readSourceFile("README.md");
  for (const auto& name : emitted) {
    if (name.ends_with("_bucket") || name.ends_with("_sum") || name.ends_with("_count")) continue;
    EXPECT_NE(readme.find(name), std::string::npos) << name << " is not documented in README.md";
  }
}

TEST(SnapshotOverlay, AppliedWritesAreLaidOverSkippedOnesAreNot) {
  dao::ClusterSnapshot snapshot;
  snapshot.sessions.push_back(session(1, AggregateStatus::kActive, {brick("/b1", WorkerStatus::kActive, 1, 1, 1, 10)}));
  snapshot.sessions.push_back(session(2, AggregateStatus::kActive, {brick("/b1", WorkerStatus::kActive, 1, 1, 1, 10)}));
  snapshot.sessions.push_back(session(3, AggregateStatus::kActive, {}));
  dao::ClusterWrite write;
  dao::SessionWrite update;
  update.sessionId = 1;
  update.status = AggregateStatus::kFaulty;
  dao::SessionBrickWrite b1;
  b1.host = "vm";
  b1.path = "/b1";
  b1.workerStatus = WorkerStatus::kFaulty;
  update.bricks.push_back(b1);
  dao::SessionWrite skipped = update;
  skipped.sessionId = 2;
  dao::SessionWrite removal;
  removal.kind = dao::SessionWrite::Kind::kRemove;
  removal.sessionId = 3;
  dao::SessionWrite insert;
  insert.kind = dao::SessionWrite::Kind::kInsert;
  insert.masterVolume = "labprimary";
  insert.insert.secondaryHost = "vm";
  insert.insert.secondaryVolume = "labsecondary9";
  insert.insert.status = AggregateStatus::kCreated;
  insert.bricks.push_back(b1);
  write.sessions = {update, skipped, removal, insert};
  dao::ApplyResult applied;
  using O = dao::ApplyResult::Outcome;
  applied.sessions = {O::kApplied, O::kSkippedStale, O::kApplied, O::kApplied};
  applied.insertedIds[3] = 9;

  const dao::ClusterSnapshot after = sync::overlayWrites(snapshot, write, applied);
  ASSERT_EQ(after.sessions.size(), 3u);
  EXPECT_EQ(after.sessions[0].session.status, AggregateStatus::kFaulty);
  EXPECT_EQ(after.sessions[0].bricks.at(0).workerStatus, WorkerStatus::kFaulty);
  EXPECT_FALSE(after.sessions[0].bricks.at(0).entryPending.has_value());
  EXPECT_EQ(after.sessions[1].session.status, AggregateStatus::kActive) << "skipped: snapshot kept";
  EXPECT_EQ(after.sessions[2].session.id, 9);
  EXPECT_EQ(after.sessions[2].session.secondaryVolume, "labsecondary9");
  EXPECT_EQ(after.sessions[2].bricks.size(), 1u);
}

}  // namespace
}  // namespace georep::testing
