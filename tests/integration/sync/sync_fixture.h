// Shared fixture of the sync job's integration tests: a migrated TestDatabase, the engine's PgInventory
// with cluster "c1" (hosts "vm" and "vm2", transport local), the real ClusterGateway over one FakeTransport
// per host, a recording event bus that also delivers to subscribers, a manual scheduler, and readers of
// what the database holds (sessions, brick rows, config, the cluster's sync row, a fingerprint of every
// plugin row's version to prove that nothing was written).
// Thread-safety: one fixture per test; the recording bus, the scheduler and FakeTransport are thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "engine/api/event_bus.h"
#include "engine/api/scheduler.h"
#include "engine/src/inventory/pg_inventory.h"
#include "gluster/cluster_gateway.h"
#include "sync-jobs/cluster_sync.h"
#include "support/capture_edit.h"
#include "support/fake_transport.h"
#include "support/fake_transport_factory.h"
#include "support/plugin_rows.h"
#include "support/recording_event_bus.h"
#include "support/test_database.h"

namespace georep::testing {

inline constexpr const char* kKey =
    "6661d41d-619e-467f-8b44-0f4066203ac7:ssh://vm::slavevol:40f418a6-f1fd-4f38-b70f-001c1121d300";

// Jobs are recorded, never run by themselves: tests call run(name).
class ManualScheduler : public api::Scheduler {
 public:
  api::Registration schedule(api::JobSpec job) override {
    std::lock_guard lock(mutex_);
    const std::string name = job.name;
    jobs_[name] = std::move(job);
    return api::Registration([this, name] {
      std::lock_guard lock(mutex_);
      jobs_.erase(name);
    });
  }
  std::optional<api::JobSpec> job(const std::string& name) const {
    std::lock_guard lock(mutex_);
    auto it = jobs_.find(name);
    if (it == jobs_.end()) return std::nullopt;
    return it->second;
  }
  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return jobs_.size();
  }
  void run(const std::string& name) {
    auto j = job(name);
    if (!j) throw std::runtime_error("no job " + name);
    j->run();
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, api::JobSpec> jobs_;
};

// status_detail_active.xml (m1 Active, m2 Faulty) with the two workers' states chosen.
inline std::string statusWith(const std::string& first, const std::string& second) {
  std::string xml = readFixture("status_detail_active.xml");
  auto a = xml.find("<status>Active</status>");
  xml.replace(a, 23, "<status>" + first + "</status>");
  auto b = xml.find("<status>Faulty</status>", a);
  xml.replace(b, 23, "<status>" + second + "</status>");
  return xml;
}

// config.xml with one key's value replaced.
inline std::string configWith(const std::string& key, const std::string& value) {
  std::string xml = readFixture("config.xml");
  const auto open = xml.find("<" + key + ">");
  if (open == std::string::npos) throw std::runtime_error("no key " + key + " in config.xml");
  const auto close = xml.find("</" + key + ">", open);
  return xml.replace(open, close - open, "<" + key + ">" + value);
}

inline const char* kNoSessionsXml = "geo-replication command failed\n";
inline const char* kNoSessionsText = "No active geo-replication sessions\n";

struct SessionRow {
  std::int64_t id = 0;
  std::string status;
  std::string raw;
  int missed = 0;
  std::string secondaryHost, secondaryUser, secondaryVolume, secondaryUuid, masterVolume;
};

struct BrickRow {
  std::string host, path, worker;
  std::optional<std::string> crawl;
  std::optional<long long> entry, failures;
  std::optional<std::string> lastSynced, checkpointTime, completionTime;
  std::optional<int> completed;
};

class SyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(TestDatabase::Schema::kMigrated, 8);
    inventory_ = std::make_unique<engine::PgInventory>(db_->database());
    cluster_ = addCluster("c1", {"vm", "vm2"});
    gateway_ = std::make_unique<gluster::ClusterGateway>(*inventory_, factory_, std::chrono::seconds(5));
    sync_ = std::make_unique<sync::ClusterSync>(db_->database(), events_, *gateway_);
  }

  api::Cluster addCluster(const std::string& name, const std::vector<std::string>& hosts) {
    api::Cluster c;
    c.name = name;
    c.transport = "local";
    c = inventory_->addCluster(c);
    for (const auto& address : hosts) {
      api::Host h;
      h.address = address;
      inventory_->addHost(name, h);
    }
    return c;
  }

  FakeTransport& fake(const std::string& host = "vm") { return *factory_.transport(host); }

  // Answers of one host for the next status cycles (each queue repeats its last answer).
  void answer(const std::string& statusXml, const std::string& host = "vm",
              const std::string& volinfoXml = readFixture("volinfo.xml")) {
    fake(host).on({"--xml", "volume", "info"}, gluster::ExecResult{0, volinfoXml, ""});
    fake(host).on({"--xml", "geo-replication", "status"}, gluster::ExecResult{0, statusXml, ""});
  }
  void answerNoSessions(const std::string& host = "vm") {
    fake(host).on({"--xml", "volume", "info"}, gluster::ExecResult{0, readFixture("volinfo.xml"), ""});
    fake(host).on({"--xml", "geo-replication", "status"}, gluster::ExecResult{2, kNoSessionsXml, ""});
    fake(host).on({"geo-replication", "status"}, gluster::ExecResult{1, kNoSessionsText, ""});
  }
  void hostDown(const std::string& host) {
    fake(host).clearRules();
    fake(host).fail({}, gluster::GatewayError(gluster::ErrorKind::kUnreachable, "ssh: connection refused"));
  }

  sync::CycleReport cycle(const api::Cluster& cluster) { return sync_->runStatus(cluster, "test-corr"); }
  sync::CycleReport cycle() { return cycle(cluster_); }

  std::vector<SessionRow> sessions() {
    auto lease = db_->database().leaseShared(std::chrono::seconds(10));  // helpers may run while the test holds one
    soci::session& sql = lease.sql();
    soci::rowset<soci::row> rows = (sql.prepare << "SELECT s.id, s.status, s.raw_worker_states, s.missed_listings, "
                                                   "s.secondary_host, s.secondary_user, s.secondary_volume, "
                                                   "coalesce(s.secondary_volume_uuid::text, ''), v.name "
                                                   "FROM georep_sessions s JOIN georep_volumes v "
                                                   "ON v.id = s.master_volume_id ORDER BY s.id");
    std::vector<SessionRow> out;
    for (const auto& r : rows) {
      out.push_back(SessionRow{r.get<long long>(0), r.get<std::string>(1), r.get<std::string>(2), r.get<int>(3),
                               r.get<std::string>(4), r.get<std::string>(5), r.get<std::string>(6),
                               r.get<std::string>(7), r.get<std::string>(8)});
    }
    return out;
  }

  std::vector<BrickRow> bricks(std::int64_t sessionId) {
    auto lease = db_->database().leaseShared(std::chrono::seconds(10));  // helpers may run while the test holds one
    soci::session& sql = lease.sql();
    long long sid = sessionId;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT b.host, b.path, sb.worker_status, sb.crawl_status, sb.entry_pending, sb.failures, "
                        "to_char(sb.last_synced AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), "
                        "to_char(sb.checkpoint_time AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), "
                        "to_char(sb.checkpoint_completion_time AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), "
                        "sb.checkpoint_completed::int "
                        "FROM georep_session_bricks sb JOIN georep_bricks b ON b.id = sb.brick_id "
                        "WHERE sb.session_id = :s ORDER BY b.position",
         soci::use(sid, "s"));
    std::vector<BrickRow> out;
    for (const auto& r : rows) {
      BrickRow b;
      b.host = r.get<std::string>(0);
      b.path = r.get<std::string>(1);
      b.worker = r.get<std::string>(2);
      if (r.get_indicator(3) != soci::i_null) b.crawl = r.get<std::string>(3);
      if (r.get_indicator(4) != soci::i_null) b.entry = r.get<long long>(4);
      if (r.get_indicator(5) != soci::i_null) b.failures = r.get<long long>(5);
      if (r.get_indicator(6) != soci::i_null) b.lastSynced = r.get<std::string>(6);
      if (r.get_indicator(7) != soci::i_null) b.checkpointTime = r.get<std::string>(7);
      if (r.get_indicator(8) != soci::i_null) b.completionTime = r.get<std::string>(8);
      if (r.get_indicator(9) != soci::i_null) b.completed = r.get<int>(9);
      out.push_back(b);
    }
    return out;
  }

  std::optional<std::string> config(std::int64_t sessionId, const std::string& key) {
    auto lease = db_->database().leaseShared(std::chrono::seconds(10));  // helpers may run while the test holds one
    soci::session& sql = lease.sql();
    long long sid = sessionId;
    std::string value;
    soci::indicator ind = soci::i_null;
    sql << "SELECT value FROM georep_session_config WHERE session_id = :s AND key = :k", soci::use(sid, "s"),
        soci::use(key, "k"), soci::into(value, ind);
    if (!sql.got_data()) return std::nullopt;
    return value;
  }
  std::optional<bool> configIsDefault(std::int64_t sessionId, const std::string& key) {
    auto lease = db_->database().leaseShared(std::chrono::seconds(10));  // helpers may run while the test holds one
    soci::session& sql = lease.sql();
    long long sid = sessionId;
    int def = 0;
    sql << "SELECT is_default::int FROM georep_session_config WHERE session_id = :s AND key = :k", soci::use(sid, "s"),
        soci::use(key, "k"), soci::into(def);
    if (!sql.got_data()) return std::nullopt;
    return def != 0;
  }

  long long count(const std::string& table) {
    auto lease = db_->database().leaseShared(std::chrono::seconds(10));  // helpers may run while the test holds one
    soci::session& sql = lease.sql();
    long long n = 0;
    sql << "SELECT count(*) FROM " + table, soci::into(n);
    return n;
  }

  struct SyncRow {
    bool exists = false;
    bool reachable = false;
    std::string lastError;
    bool hasSuccess = false;
  };
  SyncRow syncRow(std::int64_t clusterId) {
    auto lease = db_->database().leaseShared(std::chrono::seconds(10));  // helpers may run while the test holds one
    soci::session& sql = lease.sql();
    long long cid = clusterId;
    int reachable = 0, hasSuccess = 0;
    std::string err;
    sql << "SELECT reachable::int, last_error, (last_success_at IS NOT NULL)::int FROM georep_cluster_sync "
           "WHERE cluster_id = :c",
        soci::use(cid, "c"), soci::into(reachable), soci::into(err), soci::into(hasSuccess);
    if (!sql.got_data()) return {};
    return SyncRow{true, reachable != 0, err, hasSuccess != 0};
  }

  // Every plugin row with its version (xmin): any insert, update or delete changes it.
  std::string fingerprint() { return pluginRowVersions(db_->database()); }

  api::HostState hostState(const std::string& address) {
    for (const auto& h : inventory_->hosts(cluster_.id)) {
      if (h.address == address) return h.state;
    }
    return api::HostState::kUnknown;
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<engine::PgInventory> inventory_;
  api::Cluster cluster_;
  FakeTransportFactory factory_;
  std::unique_ptr<gluster::ClusterGateway> gateway_;
  RecordingEventBus events_;
  std::unique_ptr<sync::ClusterSync> sync_;
};

}  // namespace georep::testing
