// The SyncService fixture shared by the sync job's service tests (sync_service_test.cc,
// config_truth_test.cc): SyncTest plus the engine's command bus and route table, a manual scheduler and
// the plugin config handed to SyncService, with helpers to start the service and wait for its workers.
// Thread-safety: one fixture per test.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>

#include "engine/src/commands/engine_command_bus.h"
#include "engine/src/http/engine_route_table.h"
#include "engine/src/leadership/sole_leadership.h"
#include "engine/src/metrics/metrics_registry.h"
#include "sync-jobs/sync_service.h"
#include "sync_fixture.h"

namespace georep::testing {

class SyncServiceTest : public SyncTest {
 protected:
  void SetUp() override {
    SyncTest::SetUp();
    services_ = std::make_unique<api::HostServices>(api::HostServices{
        bus_, events_, scheduler_, db_->database(), *inventory_, std::filesystem::path("/nonexistent"), config_, routes_,
        metrics_, leadership_});
  }
  void TearDown() override {
    if (service_) service_->stop();
  }

  sync::SyncService& start(sync::SyncOptions options = {}) {
    service_ = std::make_unique<sync::SyncService>(*services_, *gateway_, options);
    service_->start();
    return *service_;
  }

  long long sessionsOf(const api::Cluster& c) {
    auto lease = db_->database().lease(std::chrono::seconds(10));
    soci::session& sql = lease.sql();
    long long n = 0;
    long long cid = c.id;
    sql << "SELECT count(*) FROM georep_sessions WHERE cluster_id = :c", soci::use(cid, "c"), soci::into(n);
    return n;
  }

  // Polls until pred() or the timeout; returns pred().
  // Calls of the status reconciliation (volume info and geo-rep status) a host received.
  std::size_t statusCalls(const std::string& host) {
    std::size_t n = 0;
    for (const auto& argv : fake(host).calls()) {
      const std::string joined = FakeTransport::join(argv);
      if (joined.find("volume info") != std::string::npos || joined.find("geo-replication status") != std::string::npos) {
        ++n;
      }
    }
    return n;
  }

  // Config reads a host received (a config run follows each status run that reached its cluster).
  std::size_t configCalls(const std::string& host = "vm") {
    std::size_t n = 0;
    for (const auto& argv : fake(host).calls()) n += FakeTransport::join(argv).find(" config") != std::string::npos;
    return n;
  }

  template <typename Pred>
  bool eventually(Pred pred, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (pred()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return pred();
  }

  engine::EngineCommandBus bus_;
  engine::EngineRouteTable routes_;
  engine::EngineMetricsRegistry metrics_;
  engine::SoleLeadership leadership_;
  ManualScheduler scheduler_;
  nlohmann::json config_ = nlohmann::json::object();
  std::unique_ptr<api::HostServices> services_;
  std::unique_ptr<sync::SyncService> service_;
};

}  // namespace georep::testing
