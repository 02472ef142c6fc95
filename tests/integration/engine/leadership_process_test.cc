// Several georep-engine processes on one PostgreSQL (issue 14, item 3): three engines with the real plugin,
// four clusters whose `gluster` is a replay script (the real GlusterFS 10.3 captures; each cluster's script
// flips its sessions between Active and Stopped at every status call, so every reconciliation writes and
// raises events). Checked from what the engines record:
//  - engine_leader_cycles (one row per sync cycle, written in the cycle's fenced transaction) and the audit
//    log (georep.session.* events, one correlation id per cycle): every cluster is reconciled exactly once
//    per sync period (consecutive cycles of one leader between 0.5 and 1.5 periods apart), never twice (no
//    two cycles of one cluster, across hand-overs too, within half a period; the epochs of a cluster never
//    overlap in time);
//  - SIGKILL of a leader: its clusters are taken over and reconciled again within two sync periods;
//  - SIGSTOP of a leader: the same, and after SIGCONT the old leader writes nothing (no cycle, no event of
//    its clusters after the hand-over) and says it leads nothing (GET /api/engine/leadership on it).
// The measured hand-over times are printed.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include "engine/src/inventory/pg_inventory.h"
#include "support/engine_admin.h"
#include "support/engine_child.h"
#include "support/fake_transport.h"
#include "support/test_database.h"

namespace georep::engine {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using georep::testing::TestDatabase;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr int kEngines = 3;
constexpr int kClusters = 4;
constexpr auto kPeriod = 3000ms;  // the sync job's interval
constexpr auto kTick = 500ms;     // leadership tick
constexpr auto kLease = 1500ms;   // leadership lease
constexpr double kPeriodSeconds = 3.0;

std::string replace(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
  return text;
}

// GET on the engine's loopback port; the body as JSON (null when it is not).
json httpGet(std::uint16_t port, const std::string& target, const std::string& token) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return nullptr;
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    const std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
                                "\r\nAccept: application/json\r\nConnection: close\r\n\r\n";
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
      char buf[8192];
      for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) response.append(buf, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  const auto body = response.find("\r\n\r\n");
  if (body == std::string::npos) return nullptr;
  return json::parse(response.substr(body + 4), nullptr, false);
}

struct Cycle {
  double at = 0;  // seconds since the epoch (the database's clock)
  long long epoch = 0;
  std::string engine;
};

class LeadershipProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "georep_leaders_XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    ::chmod(dir_.c_str(), 0700);
    writeReplayGluster();
    config_ = dir_ / "engine.json";
    std::ofstream(config_) << json{{"plugin_config", {{"georep", {{"sync", {{"interval_ms", kPeriod.count()}}}}}}},
                                   {"leadership", {{"tick_ms", kTick.count()}, {"lease_ms", kLease.count()}}}}
                                  .dump(2);
    ::chmod(config_.c_str(), 0600);

    PgInventory inventory(db_.database());
    for (int n = 1; n <= kClusters; ++n) {
      api::Cluster c;
      c.name = "c" + std::to_string(n);
      c.transport = "local";
      c.glusterCommand = (dir_ / ("gluster-" + c.name)).string();
      clusterIds_[c.name] = inventory.addCluster(c).id;
      api::Host h;
      h.address = "vm";
      inventory.addHost(c.name, h);
    }
    token_ = georep::testing::bootstrapAdminAndIssueToken(
        {GEOREP_ENGINE_BINARY, {"--config", config_.string()}, {{"GEOREP_DB", db_.connectString()}}});
    for (int e = 1; e <= kEngines; ++e) start(e);
  }

  void TearDown() override {
    for (auto& [id, engine] : engines_) {
      if (engine) ::kill(engine->pid(), SIGCONT);
    }
    engines_.clear();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // One script per cluster (gluster_command is a path): volume info and config replay the captures, the
  // geo-replication status flips the sessions between Active and Stopped at each call (a counter file).
  void writeReplayGluster() {
    const std::string active = georep::testing::readFixture("status_detail_checkpoint.xml");
    std::ofstream(dir_ / "volinfo.xml") << georep::testing::readFixture("volinfo.xml");
    std::ofstream(dir_ / "config.xml") << georep::testing::readFixture("config.xml");
    std::ofstream(dir_ / "status-1.xml") << active;
    std::ofstream(dir_ / "status-0.xml") << replace(active, "<status>Active</status>", "<status>Stopped</status>");
    for (int n = 1; n <= kClusters; ++n) {
      const fs::path script = dir_ / ("gluster-c" + std::to_string(n));
      std::ofstream(script) << "#!/bin/sh\n"
                               "d=" << dir_.string() << "\n"
                               "case \"$*\" in\n"
                               "  *'volume info'*) exec cat \"$d/volinfo.xml\" ;;\n"
                               "  *'geo-replication status'*)\n"
                               "    f=\"$0.count\"; n=$(cat \"$f\" 2>/dev/null || echo 0); n=$((n + 1)); echo $n > \"$f\"\n"
                               "    exec cat \"$d/status-$((n % 2)).xml\" ;;\n"
                               "  *' config'*) exec cat \"$d/config.xml\" ;;\n"
                               "esac\n"
                               "echo \"replay gluster: $*: not captured\" >&2; exit 2\n";
      ::chmod(script.c_str(), 0700);
    }
  }

  void start(int e) {
    const std::string id = "engine-" + std::to_string(e);
    engines_[id] = std::make_unique<georep::testing::EngineChild>(
        GEOREP_ENGINE_BINARY,
        std::map<std::string, std::string>{{"GEOREP_DB", db_.connectString()},
                                           {"GEOREP_HTTP_PORT", "0"},
                                           {"GEOREP_PLUGINS", std::string(GEOREP_PLUGIN_DIR) + "/libgeorep.so"},
                                           {"GEOREP_ENGINE_ID", id},
                                           {"GEOREP_LOG_LEVEL", "info"}},
        dir_ / (id + ".log"), 60s, std::vector<std::string>{"--config", config_.string()});
  }

  double dbNow() {
    auto lease = db_.database().lease(10s);
    double now = 0;
    lease.sql() << "SELECT extract(epoch FROM clock_timestamp())::float8", soci::into(now);
    return now;
  }

  // cluster name -> leader engine id ("" when none holds a valid lease), from the lease rows.
  std::map<std::string, std::string> leaders() {
    std::map<std::string, std::string> out;
    auto lease = db_.database().lease(10s);
    soci::rowset<soci::row> rows = (lease.sql().prepare <<
        "SELECT c.name, CASE WHEN s.lease_expires_at > clock_timestamp() THEN l.engine_id ELSE '' END "
        "FROM clusters c LEFT JOIN engine_cluster_leaders l ON l.cluster_id = c.id "
        "LEFT JOIN engine_cluster_leases s ON s.cluster_id = l.cluster_id AND s.epoch = l.epoch");
    for (const auto& r : rows) out[r.get<std::string>(0)] = r.get_indicator(1) == soci::i_null ? "" : r.get<std::string>(1);
    return out;
  }

  // The since (epoch seconds) of a cluster's current leadership and its engine.
  std::pair<double, std::string> leadership(const std::string& cluster) {
    auto lease = db_.database().lease(10s);
    double since = 0;
    std::string engine;
    long long id = clusterIds_.at(cluster);
    lease.sql() << "SELECT extract(epoch FROM since)::float8, engine_id FROM engine_cluster_leaders WHERE cluster_id = :c",
        soci::use(id), soci::into(since), soci::into(engine);
    return {since, engine};
  }

  std::vector<Cycle> cycles(const std::string& cluster) {
    std::vector<Cycle> out;
    auto lease = db_.database().lease(10s);
    long long id = clusterIds_.at(cluster);
    soci::rowset<soci::row> rows = (lease.sql().prepare << "SELECT extract(epoch FROM at)::float8, epoch, engine_id "
                                                           "FROM engine_leader_cycles WHERE cluster_id = :c ORDER BY at",
                                    soci::use(id));
    for (const auto& r : rows) out.push_back({r.get<double>(0), r.get<long long>(1), r.get<std::string>(2)});
    return out;
  }

  // The first time (epoch seconds) of each sync correlation id in the audit log with the cluster's events.
  std::vector<double> auditedReconciliations(const std::string& cluster) {
    std::vector<double> out;
    auto lease = db_.database().lease(10s);
    std::string name = cluster;
    soci::rowset<double> rows = (lease.sql().prepare <<
        "SELECT extract(epoch FROM min(time))::float8 FROM audit_log WHERE correlation_id LIKE 'sync-%' "
        "AND body->>'cluster' = :c GROUP BY correlation_id ORDER BY 1", soci::use(name));
    for (const double t : rows) out.push_back(t);
    return out;
  }

  // Waits until every cluster has a leader other than `not` (which may be ""); false on timeout.
  bool waitForLeaders(const std::set<std::string>& excluded, std::chrono::milliseconds timeout) {
    for (const auto deadline = Clock::now() + timeout; Clock::now() < deadline; std::this_thread::sleep_for(100ms)) {
      bool all = true;
      for (const auto& [cluster, engine] : leaders()) all = all && !engine.empty() && !excluded.count(engine);
      if (all) return true;
    }
    return false;
  }

  // How long after `fault` each of `clusters` was taken over and reconciled again; both within two periods.
  void expectHandOver(const char* what, const std::set<std::string>& clusters, const std::string& old, double fault) {
    for (const auto& cluster : clusters) {
      const auto [since, engine] = leadership(cluster);
      EXPECT_NE(engine, old) << cluster;
      double firstCycle = -1;
      for (const auto& c : cycles(cluster)) {
        if (c.at > fault && c.engine != old) {
          firstCycle = c.at;
          break;
        }
      }
      ASSERT_GT(firstCycle, 0) << cluster << ": no cycle after the " << what;
      std::printf("%s of %s: cluster %s taken over by %s after %.2f s, first reconciliation after %.2f s "
                  "(sync period %.1f s)\n",
                  what, old.c_str(), cluster.c_str(), engine.c_str(), since - fault, firstCycle - fault, kPeriodSeconds);
      EXPECT_LE(since - fault, 2 * kPeriodSeconds) << cluster;
      EXPECT_LE(firstCycle - fault, 2 * kPeriodSeconds) << cluster << ": reconciled again within two sync periods";
    }
  }

  std::set<std::string> ledBy(const std::string& engine) {
    std::set<std::string> out;
    for (const auto& [cluster, e] : leaders())
      if (e == engine) out.insert(cluster);
    return out;
  }

  TestDatabase db_{TestDatabase::Schema::kMigrated};
  fs::path dir_, config_;
  std::string token_;
  std::map<std::string, std::int64_t> clusterIds_;
  std::map<std::string, std::unique_ptr<georep::testing::EngineChild>> engines_;
};

TEST_F(LeadershipProcessTest, OneReconciliationPerClusterAndPeriodThroughSigkillAndSigstopOfTheLeader) {
  ASSERT_TRUE(waitForLeaders({}, 10s));
  std::this_thread::sleep_for(4 * kPeriod);

  // engine.leadership on any engine shows the same leaders, and who answers.
  const auto viaRest = httpGet(engines_.at("engine-2")->port(), "/api/engine/leadership", token_);
  ASSERT_TRUE(viaRest.is_object()) << viaRest.dump();
  EXPECT_EQ(viaRest["engine"]["engine_id"], "engine-2") << viaRest.dump();
  ASSERT_EQ(viaRest["clusters"].size(), static_cast<std::size_t>(kClusters)) << viaRest.dump();
  const auto now = leaders();
  for (const auto& c : viaRest["clusters"]) {
    EXPECT_EQ(c["leader"]["engine_id"], now.at(c["cluster"].get<std::string>())) << c.dump();
    EXPECT_EQ(c["led_by_this_engine"], c["leader"]["engine_id"] == "engine-2") << c.dump();
  }

  // SIGKILL the leader of c1: the server drops its session and its locks.
  const std::string killed = leaders().at("c1");
  const std::set<std::string> killedLed = ledBy(killed);
  const double killedAt = dbNow();
  ::kill(engines_.at(killed)->pid(), SIGKILL);
  ASSERT_TRUE(waitForLeaders({killed}, 4 * kPeriod)) << "no hand-over after SIGKILL";
  std::this_thread::sleep_for(2 * kPeriod + 500ms);
  expectHandOver("SIGKILL", killedLed, killed, killedAt);

  // SIGSTOP the (new) leader of c1: its connection stays open, its locks stay held.
  const std::string stopped = leaders().at("c1");
  ASSERT_FALSE(stopped.empty());
  ASSERT_NE(stopped, killed);
  const std::set<std::string> stoppedLed = ledBy(stopped);
  const double stoppedAt = dbNow();
  ::kill(engines_.at(stopped)->pid(), SIGSTOP);
  ASSERT_TRUE(waitForLeaders({killed, stopped}, 4 * kPeriod)) << "no hand-over after SIGSTOP";
  std::this_thread::sleep_for(2 * kPeriod + 500ms);
  expectHandOver("SIGSTOP", stoppedLed, stopped, stoppedAt);
  double handedOver = 0;
  for (const auto& cluster : stoppedLed) handedOver = std::max(handedOver, leadership(cluster).first);

  // SIGCONT: the old leader wakes up mid-whatever; its stale work must be refused.
  ::kill(engines_.at(stopped)->pid(), SIGCONT);
  const double continuedAt = dbNow();
  std::this_thread::sleep_for(3 * kPeriod);
  const auto fromOld = httpGet(engines_.at(stopped)->port(), "/api/engine/leadership", token_);
  ASSERT_TRUE(fromOld.is_object()) << fromOld.dump();
  EXPECT_EQ(fromOld["engine"]["leads"], 0) << fromOld.dump();
  for (const auto& c : fromOld["clusters"]) EXPECT_EQ(c["led_by_this_engine"], false) << c.dump();
  const double end = dbNow();

  for (const auto& [cluster, id] : clusterIds_) {
    const auto all = cycles(cluster);
    ASSERT_GE(all.size(), 8u) << cluster;
    // Never two leaders: epochs in order, each by one engine, never overlapping in time.
    std::map<long long, std::pair<double, double>> span;
    std::map<long long, std::set<std::string>> by;
    for (const auto& c : all) {
      auto [it, fresh] = span.try_emplace(c.epoch, c.at, c.at);
      if (!fresh) it->second.second = c.at;
      by[c.epoch].insert(c.engine);
    }
    double lastEnd = 0;
    for (const auto& [epoch, s] : span) {
      EXPECT_EQ(by[epoch].size(), 1u) << cluster << " epoch " << epoch;
      EXPECT_GT(s.first, lastEnd) << cluster << ": epoch " << epoch << " began before the previous one ended";
      lastEnd = s.second;
    }
    // The frozen leader recorded nothing after it was replaced.
    for (const auto& c : all) {
      if (c.engine == stopped && stoppedLed.count(cluster)) EXPECT_LT(c.at, handedOver) << cluster;
      if (c.engine == killed) EXPECT_LT(c.at, killedAt + 0.5) << cluster;
    }
    // Exactly one reconciliation per period: consecutive cycles 0.5..1.5 periods apart while no leader
    // changes, and never two within a quarter period.
    double maxGap = 0, minGap = 1e9;
    for (std::size_t i = 1; i < all.size(); ++i) {
      const double gap = all[i].at - all[i - 1].at;
      maxGap = std::max(maxGap, gap);
      minGap = std::min(minGap, gap);
      EXPECT_GE(gap, kPeriodSeconds / 2) << cluster << ": two reconciliations in one period at " << all[i].at;
      if (all[i].epoch == all[i - 1].epoch) {
        EXPECT_LT(gap, kPeriodSeconds * 1.5) << cluster << ": a period without reconciliation";
      }
    }
    const double span0 = all.front().at, spanAll = end - span0;
    std::printf("cluster %s: %zu reconciliations in %.1f s = %.2f per period (gaps %.2f..%.2f s), %zu epochs\n",
                cluster.c_str(), all.size(), spanAll, all.size() / (spanAll / kPeriodSeconds), minGap, maxGap,
                span.size());
    // The audit log tells the same story: one correlation id per reconciliation, never two in a period.
    const auto audited = auditedReconciliations(cluster);
    EXPECT_GE(audited.size() + 6, all.size()) << cluster;  // a fetch whose write was refused costs one event
    EXPECT_LE(audited.size(), all.size() + 1) << cluster;
    // A leader frozen after a cycle's commit raises (stores) that cycle's events when it wakes up: their
    // audit time is then late; that cycle itself was recorded, and fenced, before the hand-over (above).
    const auto flushedOnWake = [&](double t) { return t >= continuedAt - 0.2 && t <= continuedAt + 2.0; };
    for (std::size_t i = 1; i < audited.size(); ++i) {
      if (flushedOnWake(audited[i]) || flushedOnWake(audited[i - 1])) continue;
      EXPECT_GT(audited[i] - audited[i - 1], kPeriodSeconds / 2 - 0.2) << cluster << ": audit log at " << audited[i];
    }
    for (const double t : audited) {
      if (stoppedLed.count(cluster)) {
        // Events after the hand-over come from the new leader's cycles only: each has a recorded cycle by it.
        if (t <= handedOver || flushedOnWake(t)) continue;
        const bool matched = std::any_of(all.begin(), all.end(), [&](const Cycle& c) {
          return c.engine != stopped && std::abs(c.at - t) < kPeriodSeconds / 2;
        });
        EXPECT_TRUE(matched) << cluster << ": an audited reconciliation at " << t << " matches no leader's cycle";
      }
    }
  }
  const std::string stoppedLog = engines_.at(stopped)->log();
  std::printf("the stopped leader after SIGCONT: %s\n",
              stoppedLog.find("fenced") != std::string::npos ? "a stale cycle was fenced"
                                                             : "no stale cycle reached its write");
  EXPECT_NE(stoppedLog.find("no longer leading"), std::string::npos) << "the woken leader must notice its loss";
}

}  // namespace
}  // namespace georep::engine
