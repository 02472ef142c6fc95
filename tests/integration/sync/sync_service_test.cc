// SyncService integration tests: the periodic jobs and georep.sync.now registered with the engine (a
// manual scheduler, the engine's real command bus), clusters reconciled in parallel on the bounded pool,
// a slow cluster neither delaying the others nor running twice at once, config drift after config
// commands, and stop() dropping everything.
#include <chrono>
#include <thread>

#include "sync_service_fixture.h"

namespace georep::testing {
namespace {

using namespace std::chrono_literals;

TEST_F(SyncServiceTest, StartRegistersTheJobsAndTheCommandAndStopDropsThem) {
  start();
  ASSERT_EQ(scheduler_.size(), 1u);  // config reads ride on the status cycle (config_truth_test.cc)
  const auto status = scheduler_.job("georep.sync.status");
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->interval, 10000ms);
  EXPECT_TRUE(status->runImmediately);
  EXPECT_EQ(service_->options().configInterval, 300000ms);
  EXPECT_EQ(service_->options().configReadsPerCycle, 25u);
  bool found = false;
  for (const auto& spec : bus_.commands()) found = found || spec.name == "georep.sync.now";
  EXPECT_TRUE(found);

  service_->stop();
  EXPECT_EQ(scheduler_.size(), 0u);
  const auto outcome = bus_.dispatch("georep.sync.now", nlohmann::json::object());
  EXPECT_FALSE(outcome.ok);
  ASSERT_TRUE(outcome.error.has_value());
  EXPECT_EQ(outcome.error->code(), api::ErrorCode::kNotFound);
}

TEST_F(SyncServiceTest, IntervalsComeFromThePluginConfig) {
  config_ = nlohmann::json{{"sync",
                             {{"interval_ms", 2000}, {"config_interval_ms", 60000}, {"config_reads_per_cycle", 7},
                              {"max_parallel", 2}}}};
  services_->config = config_;
  service_ = std::make_unique<sync::SyncService>(*services_, *gateway_);
  service_->start();
  EXPECT_EQ(scheduler_.job("georep.sync.status")->interval, 2000ms);
  EXPECT_EQ(service_->options().configInterval, 60000ms);
  EXPECT_EQ(service_->options().configReadsPerCycle, 7u);
  EXPECT_EQ(service_->options().maxParallel, 2u);
  services_->config = nlohmann::json{{"sync", {{"config_reads_per_cycle", 0}}}};
  EXPECT_THROW(sync::SyncService(*services_, *gateway_), std::invalid_argument);

  services_->config = nlohmann::json{{"sync", {{"interval_ms", "10s"}}}};
  EXPECT_THROW(sync::SyncService(*services_, *gateway_), std::invalid_argument);
  services_->config = nlohmann::json{{"sync", {{"interval_ms", 5}}}};
  EXPECT_THROW(sync::SyncService(*services_, *gateway_), std::invalid_argument);
  services_->config = nlohmann::json{{"sync", {{"intervall_ms", 5000}}}};
  EXPECT_THROW(sync::SyncService(*services_, *gateway_), std::invalid_argument);
}

TEST_F(SyncServiceTest, SyncNowReturnsWhatChanged) {
  answer(readFixture("status_detail_active.xml"));
  start();
  auto outcome = bus_.dispatch("georep.sync.now", nlohmann::json{{"cluster", "c1"}});
  ASSERT_TRUE(outcome.ok) << (outcome.error ? outcome.error->what() : "");
  const auto& r = outcome.result;
  EXPECT_EQ(r["changed"], true);
  ASSERT_EQ(r["clusters"].size(), 1u);
  const auto& c = r["clusters"][0];
  EXPECT_EQ(c["cluster"], "c1");
  EXPECT_EQ(c["kind"], "status");
  EXPECT_EQ(c["outcome"], "ok");
  EXPECT_EQ(c["host"], "vm");
  EXPECT_EQ(c["counts"]["discovered"], 1);
  EXPECT_EQ(c["gateway_calls"], 2);  // one volume info, one status for every session
  ASSERT_EQ(c["events"].size(), 1u);
  EXPECT_EQ(c["events"][0]["name"], "georep.session.discovered");
  EXPECT_EQ(sessions().size(), 1u);
  // The events carry the command's correlation id.
  EXPECT_EQ(events_.events().at(0).correlationId, outcome.correlationId);

  auto again = bus_.dispatch("georep.sync.now", nlohmann::json{{"cluster", "c1"}});
  ASSERT_TRUE(again.ok);
  EXPECT_EQ(again.result["changed"], false);
  EXPECT_EQ(again.result["clusters"][0]["events"].size(), 0u);

  auto unknown = bus_.dispatch("georep.sync.now", nlohmann::json{{"cluster", "nope"}});
  ASSERT_FALSE(unknown.ok);
  EXPECT_EQ(unknown.error->code(), api::ErrorCode::kNotFound);
  EXPECT_EQ(unknown.error->field(), "cluster");

  auto badType = bus_.dispatch("georep.sync.now", nlohmann::json{{"cluster", 3}});
  ASSERT_FALSE(badType.ok);
  EXPECT_EQ(badType.error->code(), api::ErrorCode::kInvalidArgument);
}

TEST_F(SyncServiceTest, SyncNowWithConfigAndForEveryCluster) {
  const auto c2 = addCluster("c2", {"b1"});
  answer(readFixture("status_detail_active.xml"));
  answer(readFixture("status_detail_active.xml"), "b1");
  fake("vm").on({"geo-replication", "mastervol", "vm::slavevol", "config"},
                gluster::ExecResult{0, readFixture("config.xml"), ""});
  fake("b1").on({"geo-replication", "mastervol", "vm::slavevol", "config"},
                gluster::ExecResult{0, readFixture("config.xml"), ""});
  start();
  auto outcome = bus_.dispatch("georep.sync.now", nlohmann::json::object());
  ASSERT_TRUE(outcome.ok);
  EXPECT_EQ(outcome.result["clusters"].size(), 2u);
  EXPECT_EQ(sessionsOf(cluster_), 1);
  EXPECT_EQ(sessionsOf(c2), 1);

  auto withConfig = bus_.dispatch("georep.sync.now", nlohmann::json{{"cluster", "c2"}, {"config", true}});
  ASSERT_TRUE(withConfig.ok);
  ASSERT_EQ(withConfig.result["clusters"].size(), 2u);
  EXPECT_EQ(withConfig.result["clusters"][1]["kind"], "config");
  // Read again on request (the cycles stored it already: the sessions were discovered in them).
  EXPECT_EQ(withConfig.result["clusters"][1]["counts"]["configs_read"], 1);
  EXPECT_EQ(withConfig.result["clusters"][1]["counts"]["configs_written"], 0);
  EXPECT_GT(count("georep_session_config"), 50);
}

TEST_F(SyncServiceTest, ASlowClusterNeitherDelaysTheOthersNorRunsTwice) {
  const auto c2 = addCluster("c2", {"b1"});
  const auto c3 = addCluster("c3", {"c1h"});
  // c1 hangs for 3 s in status; c2 and c3 answer at once.
  fake("vm").on({"--xml", "volume", "info"}, gluster::ExecResult{0, readFixture("volinfo.xml"), ""});
  fake("vm").on({"--xml", "geo-replication", "status"},
                gluster::ExecResult{0, readFixture("status_detail_active.xml"), ""}, 3000ms);
  answer(readFixture("status_detail_active.xml"), "b1");
  answer(readFixture("status_detail_active.xml"), "c1h");
  for (const char* host : {"vm", "b1", "c1h"}) {  // the sessions discovered get their config read in the cycle
    fake(host).on({"geo-replication", "mastervol", "vm::slavevol", "config"},
                  gluster::ExecResult{0, readFixture("config.xml"), ""});
  }
  start();

  const auto t0 = std::chrono::steady_clock::now();
  scheduler_.run("georep.sync.status");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 500ms);  // the job only hands clusters to the pool
  EXPECT_TRUE(eventually([&] { return sessionsOf(c2) == 1 && sessionsOf(c3) == 1; }, 2000ms));
  // A status run ends after its writes (fault reasons, history, events); the config read it hands over to
  // shows it has ended, so the next tick finds c2 and c3 idle.
  EXPECT_TRUE(eventually([&] { return configCalls("b1") >= 1 && configCalls("c1h") >= 1; }, 2000ms));
  EXPECT_EQ(sessionsOf(cluster_), 0);  // still hanging
  EXPECT_EQ(statusCalls("vm"), 2u);

  // Next tick while c1 still hangs: c2 and c3 run again, c1 is not started twice.
  scheduler_.run("georep.sync.status");
  EXPECT_TRUE(eventually([&] { return statusCalls("b1") == 4u && statusCalls("c1h") == 4u; }, 2000ms));
  EXPECT_EQ(statusCalls("vm"), 2u);

  // c1 finishes by itself.
  EXPECT_TRUE(eventually([&] { return sessionsOf(cluster_) == 1; }, 5000ms));
  EXPECT_EQ(statusCalls("vm"), 2u);
}

TEST_F(SyncServiceTest, SyncNowDuringARunWaitsForItThenRunsAFreshCycle) {
  fake("vm").on({"--xml", "volume", "info"}, gluster::ExecResult{0, readFixture("volinfo.xml"), ""});
  fake("vm").on({"--xml", "geo-replication", "status"},
                gluster::ExecResult{0, readFixture("status_detail_active.xml"), ""}, 800ms);
  start();
  scheduler_.run("georep.sync.status");
  std::this_thread::sleep_for(100ms);
  auto outcome = bus_.dispatch("georep.sync.now", nlohmann::json{{"cluster", "c1"}});
  ASSERT_TRUE(outcome.ok);
  // The periodic run discovered the session; the on-demand run after it found nothing new.
  EXPECT_EQ(outcome.result["clusters"][0]["outcome"], "ok");
  EXPECT_EQ(outcome.result["clusters"][0]["counts"]["discovered"], 0);
  EXPECT_EQ(statusCalls("vm"), 4u);
  EXPECT_EQ(events_.names(), (std::vector<std::string>{"georep.session.discovered"}));
}

TEST_F(SyncServiceTest, SyncNowGivesUpWaitingAfterTheClusterTimeout) {
  fake("vm").on({"--xml", "volume", "info"}, gluster::ExecResult{0, readFixture("volinfo.xml"), ""});
  fake("vm").on({"--xml", "geo-replication", "status"},
                gluster::ExecResult{0, readFixture("status_detail_active.xml"), ""}, 1500ms);
  sync::SyncOptions options;
  options.clusterTimeout = 200ms;
  start(options);
  const auto t0 = std::chrono::steady_clock::now();
  auto outcome = bus_.dispatch("georep.sync.now", nlohmann::json{{"cluster", "c1"}});
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1200ms);
  ASSERT_TRUE(outcome.ok);
  EXPECT_EQ(outcome.result["clusters"][0]["outcome"], "timed_out");
  // It goes on in the background and lands.
  EXPECT_TRUE(eventually([&] { return sessionsOf(cluster_) == 1; }, 3000ms));
}

TEST_F(SyncServiceTest, ConfigCommandOnASessionTriggersADriftCheckAtTheNextTick) {
  answer(readFixture("status_detail_active.xml"));
  fake("vm").on({"geo-replication", "mastervol", "vm::slavevol", "config"},
                gluster::ExecResult{0, configWith("sync_jobs", "5"), ""});
  sync::SyncOptions options;
  options.configInterval = 3600s;  // one drift sweep in this test: only due reads after it
  start(options);
  ASSERT_TRUE(bus_.dispatch("georep.sync.now", nlohmann::json::object()).ok);
  const auto id = sessions().at(0).id;
  // Discovered: its config follows in the same cycle.
  EXPECT_TRUE(eventually([&] { return config(id, "sync_jobs") == std::optional<std::string>("5"); }));
  const auto configCalls = [&] {
    std::size_t n = 0;
    for (const auto& argv : fake("vm").calls()) n += FakeTransport::join(argv).find(" config") != std::string::npos;
    return n;
  };
  ASSERT_TRUE(eventually([&] { return configCalls() == 1u; }));

  // Changed outside; other events do not make the session due, and its sweep turn has passed.
  fake("vm").clearRules();
  answer(readFixture("status_detail_active.xml"));
  fake("vm").on({"geo-replication", "mastervol", "vm::slavevol", "config"},
                gluster::ExecResult{0, configWith("sync_jobs", "7"), ""});
  api::Event other;
  other.name = "georep.session.started";
  other.body = {{"session_id", id}};
  events_.raise(other);
  scheduler_.run("georep.sync.status");
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(config(id, "sync_jobs"), std::optional<std::string>("5"));
  EXPECT_EQ(configCalls(), 1u);

  // A config command on that session (as commands/config_set raises it): read at the next tick.
  api::Event e;
  e.name = "georep.config.set";
  e.body = {{"session_id", id}, {"key", "sync_jobs"}, {"value", "7"}};
  events_.raise(e);
  scheduler_.run("georep.sync.status");
  EXPECT_TRUE(eventually([&] { return config(id, "sync_jobs") == std::optional<std::string>("7"); }));
  EXPECT_TRUE(eventually([&] {
    auto names = events_.names();
    return !names.empty() && names.back() == "georep.config.changed_externally";
  }));
}

TEST_F(SyncServiceTest, DisabledPeriodicJobsStillServeSyncNow) {
  answer(readFixture("status_detail_active.xml"));
  sync::SyncOptions options;
  options.enabled = false;
  start(options);
  EXPECT_EQ(scheduler_.size(), 0u);
  auto outcome = bus_.dispatch("georep.sync.now", nlohmann::json::object());
  ASSERT_TRUE(outcome.ok);
  EXPECT_EQ(sessions().size(), 1u);
}

}  // namespace
}  // namespace georep::testing

namespace georep::testing {
namespace {

TEST_F(SyncServiceTest, DiscoveredSessionGetsItsConfigInTheSameCycle) {
  answer(readFixture("status_detail_active.xml"));
  fake("vm").on({"geo-replication", "mastervol", "vm::slavevol", "config"},
                gluster::ExecResult{0, readFixture("config.xml"), ""});
  start();
  scheduler_.run("georep.sync.status");  // one tick only
  ASSERT_TRUE(eventually([&] { return sessions().size() == 1; }));
  const auto id = sessions()[0].id;
  EXPECT_TRUE(eventually([&] { return config(id, "sync_jobs") == std::optional<std::string>("3"); }));
  // config.xml holds glusterd's defaults only: nothing was set outside, nothing to report.
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(events_.names(), (std::vector<std::string>{"georep.session.discovered"}));
}

}  // namespace
}  // namespace georep::testing

namespace georep::testing {
namespace {

// The metrics GET /metrics serves come from the cycle itself (real DAO on PostgreSQL, the gateway over a
// FakeTransport replaying a GlusterFS 10.3 capture): the discovered session's status and workers, the
// cluster reachable and the two gluster calls, without any query at scrape time; and the collector is
// gone once the service stops.
TEST_F(SyncServiceTest, ACycleFeedsTheMetricsTheEngineServes) {
  answer(readFixture("status_detail_active.xml"));
  start();
  ASSERT_TRUE(bus_.dispatch("georep.sync.now", nlohmann::json{{"cluster", "c1"}}).ok);
  const std::string text = metrics_.render();
  EXPECT_NE(text.find("georep_session_status{cluster=\"c1\",volume=\"mastervol\""), std::string::npos) << text;
  EXPECT_NE(text.find(",status=\"ACTIVE\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("georep_brick_worker_status{cluster=\"c1\""), std::string::npos) << text;
  EXPECT_NE(text.find("georep_cluster_reachable{cluster=\"c1\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("georep_gluster_calls_total{cluster=\"c1\",result=\"ok\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("georep_sync_cycle_seconds_count{cluster=\"c1\"} 1\n"), std::string::npos) << text;

  hostDown("vm");
  hostDown("vm2");
  ASSERT_TRUE(bus_.dispatch("georep.sync.now", nlohmann::json{{"cluster", "c1"}}).ok);
  const std::string down = metrics_.render();
  EXPECT_NE(down.find("georep_cluster_reachable{cluster=\"c1\"} 0\n"), std::string::npos) << down;
  EXPECT_NE(down.find(",status=\"ACTIVE\"} 1\n"), std::string::npos) << "the last known state stays";

  service_->stop();
  EXPECT_EQ(metrics_.render().find("georep_session_status"), std::string::npos);
}

TEST_F(SyncServiceTest, StallMinutesComeFromThePluginConfigWithinBounds) {
  services_->config = nlohmann::json{{"sync", {{"stall_minutes", 30}}}};
  EXPECT_EQ(sync::SyncService(*services_, *gateway_).options().stallAfter, std::chrono::minutes(30));
  EXPECT_EQ(sync::SyncOptions{}.stallAfter, std::chrono::minutes(15));
  for (const auto& bad : {nlohmann::json(0), nlohmann::json(10081), nlohmann::json("15")}) {
    services_->config = nlohmann::json{{"sync", {{"stall_minutes", bad}}}};
    EXPECT_THROW(sync::SyncService(*services_, *gateway_), std::invalid_argument) << bad;
  }
}

}  // namespace
}  // namespace georep::testing
