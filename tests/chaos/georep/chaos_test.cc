#include "chaos_test.h"

#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include <pugixml.hpp>

#include "harness/http_client.h"
#include "harness/wait.h"

namespace georep::testing::chaos {
namespace {

using nlohmann::json;
using e2e::run;
using e2e::RunResult;

void loud(const std::string& message) {
  std::cerr << "\n*****************************************************************************\n"
            << "*** chaos SKIPPED: " << message << "\n"
            << "*** The chaos suite needs a machine that can run the multi-node GlusterFS lab\n"
            << "*** (root, /dev/fuse, network namespaces, glusterd). Nothing was verified.\n"
            << "*****************************************************************************\n"
            << std::endl;
}

struct SuiteState {
  std::optional<ClusterLabFacts> lab;
  std::string skipReason;
  std::string error;
};

// The lab is brought up once per process (the first test's SetUp, under the lock).
SuiteState& suite() {
  static SuiteState state;
  static std::once_flag once;
  std::call_once(once, [] {
    if (auto reason = ClusterLab::cannotRunReason()) {
      state.skipReason = *reason;
      return;
    }
    try {
      state.lab = ClusterLab::up(&state.skipReason);
    } catch (const std::exception& e) {
      state.error = e.what();
    }
  });
  return state;
}

std::string testName() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return std::string(info->test_suite_name()) + "." + info->name();
}

std::filesystem::path pgTemp() { return std::filesystem::path(GEOREP_SOURCE_DIR) / "scripts" / "pg-temp"; }

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

void ChaosTest::SetUp() {
  if (auto reason = ClusterLab::cannotRunReason()) {
    loud(*reason);
    GTEST_SKIP() << "the multi-node lab cannot run here: " << *reason;
  }
  try {
    lock_ = std::make_unique<e2e::LabLock>(testName(), std::chrono::seconds(900), kChaosLockPath);
  } catch (const std::exception& e) {
    FAIL() << e.what();
  }
  SuiteState& s = suite();
  if (!s.skipReason.empty()) {
    loud(s.skipReason);
    GTEST_SKIP() << "the multi-node lab cannot run here: " << s.skipReason;
  }
  ASSERT_TRUE(s.lab.has_value()) << "the multi-node lab could not be brought up: " << s.error;
  lab_ = *s.lab;

  std::string templ = "/tmp/georep-chaos.XXXXXX";
  ASSERT_NE(::mkdtemp(templ.data()), nullptr);
  workDir_ = templ;
  // A directory of its own: scripts/pg-temp hands it to the postgres user (the work dir stays root's).
  std::string pgTempl = "/tmp/georep-chaos-pg.XXXXXX";
  ASSERT_NE(::mkdtemp(pgTempl.data()), nullptr);
  pgDir_ = pgTempl;
  try {
    ClusterLab::reset();
  } catch (const std::exception& e) {
    FAIL() << e.what();
  }
  const RunResult pg = run({pgTemp().string(), "start", pgDir_.string()}, std::chrono::minutes(2), {{"GEOREP_PG_FSYNC", "off"}});
  ASSERT_EQ(pg.exitCode, 0) << "scripts/pg-temp start: " << pg.describe();
  dbConnect_ = trimmed(pg.out);
  ASSERT_NO_FATAL_FAILURE(startEngine());
  reconnectSql();
  std::cerr << "[ chaos ] " << testName() << ": engine on 127.0.0.1:" << engine_->port() << ", work dir "
            << workDir_.string() << "\n";

  ok("cluster.add", {{"name", kPrimaryCluster}, {"transport", "ssh"}});
  for (const auto& [node, ip] : lab_.primaryNodes)
    ok("host.add", {{"cluster", kPrimaryCluster}, {"address", ip}, {"ssh_port", 22}, {"ssh_user", lab_.sshUser},
                    {"ssh_key", "lab"}, {"host_key_fingerprint", lab_.hostKeyFingerprint}});
  ok("cluster.add", {{"name", kSecondaryCluster}, {"transport", "ssh"}});
  for (const auto& [node, ip] : lab_.secondaryNodes)
    ok("host.add", {{"cluster", kSecondaryCluster}, {"address", ip}, {"ssh_port", 22}, {"ssh_user", lab_.sshUser},
                    {"ssh_key", "lab"}, {"host_key_fingerprint", lab_.hostKeyFingerprint}});
  ok("georep.volume.refresh", {{"cluster", kPrimaryCluster}});
  ok("georep.volume.refresh", {{"cluster", kSecondaryCluster}});
}

void ChaosTest::TearDown() {
  const bool failed = HasFailure();
  if (engine_) {
    const int code = engine_->stop();
    if (failed)
      std::cerr << "---- end of the engine log (" << engine_->logFile().string() << ", exit " << code << ") ----\n"
                << engine_->logTail() << "\n---- end ----\n";
  }
  sql_.reset();
  client_.reset();
  engine_.reset();
  std::error_code ec;
  if (!pgDir_.empty()) {
    run({pgTemp().string(), "stop", pgDir_.string()}, std::chrono::minutes(1));
    std::filesystem::remove_all(pgDir_, ec);
  }
  lock_.reset();
  if (workDir_.empty()) return;
  if (!failed) {
    std::filesystem::remove_all(workDir_, ec);
  } else {
    std::cerr << "[ chaos ] kept " << workDir_.string() << " (engine.json, engine.log) for the post-mortem\n";
  }
}

e2e::EngineOptions ChaosTest::engineOptions() const {
  e2e::EngineOptions o;
  o.binary = GEOREP_ENGINE_BINARY;
  o.pluginDir = GEOREP_PLUGIN_DIR;
  o.databaseConnect = dbConnect_;
  o.workDir = workDir_;
  o.sshKey = lab_.sshKeyPath;
  o.syncIntervalMs = kSyncIntervalMs;
  o.syncConfigIntervalMs = 2 * kSyncIntervalMs;
  return o;
}

void ChaosTest::startEngine() {
  client_.reset();
  engine_.reset();
  try {
    engine_ = std::make_unique<e2e::EngineProcess>(engineOptions());
  } catch (const std::exception& e) {
    FAIL() << e.what();
  }
  // Commands wait long on a loaded machine (a push-pem create took 163 s here under load 16).
  client_ = std::make_unique<e2e::EngineClient>(engine_->port(), engine_->token(), std::chrono::minutes(6));
}

void ChaosTest::killEngine() {
  if (engine_) engine_->kill();
}

void ChaosTest::stopPostgres() {
  sql_.reset();
  const RunResult r = run({pgTemp().string(), "stop", pgDir_.string()}, std::chrono::minutes(1));
  ASSERT_EQ(r.exitCode, 0) << r.describe();
}

void ChaosTest::startPostgres() {
  const RunResult r = run({pgTemp().string(), "start", pgDir_.string()}, std::chrono::minutes(2), {{"GEOREP_PG_FSYNC", "off"}});
  ASSERT_EQ(r.exitCode, 0) << r.describe();
  reconnectSql();
}

void ChaosTest::reconnectSql() {
  sql_.reset();
  sql_ = std::make_unique<e2e::SqlProbe>(dbConnect_);
}

json ChaosTest::ok(const std::string& name, const json& params) {
  const e2e::CommandReply reply = client_->command(name, params);
  EXPECT_TRUE(reply.ok) << name << " " << params.dump() << " was refused: " << reply.describe();
  return reply.ok ? reply.result : json::object();
}

e2e::CommandReply ChaosTest::commandWhenGlusterdFree(const std::string& name, const json& params,
                                                    std::chrono::seconds patience) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (true) {
    const e2e::CommandReply reply = client_->command(name, params);
    // opErrno 30802 in XML answers; a plain-text answer carries no errno, only the kind.
    const json details = reply.raw.contains("error") ? reply.raw["error"].value("details", json::object()) : json::object();
    const bool busy = !reply.ok && reply.errorCode == "conflict" &&
                      (details.value("op_errno", 0) == 30802 || details.value("kind", "") == "transaction_in_progress");
    if (!busy || std::chrono::steady_clock::now() >= deadline) return reply;
    std::this_thread::sleep_for(std::chrono::seconds(2));
  }
}

json ChaosTest::okWhenGlusterdFree(const std::string& name, const json& params, std::chrono::seconds patience) {
  const e2e::CommandReply reply = commandWhenGlusterdFree(name, params, patience);
  EXPECT_TRUE(reply.ok) << name << " " << params.dump() << " was refused: " << reply.describe();
  return reply.ok ? reply.result : json::object();
}

std::string ChaosTest::secondaryUrl(const std::string& node, const std::string& volume) const {
  return lab_.ip(node) + "::" + volume;
}

std::int64_t ChaosTest::createSession(const std::string& primaryVolume, const std::string& secondaryNode,
                                      const std::string& secondaryVolume) {
  const json params{{"cluster", kPrimaryCluster}, {"master_volume", primaryVolume},
                    {"secondary_host", lab_.ip(secondaryNode)}, {"secondary_volume", secondaryVolume}};
  const e2e::CommandReply reply = commandWhenGlusterdFree("georep.session.create", params);
  std::int64_t id = 0;
  if (reply.ok && reply.result.contains("session_id")) {
    id = reply.result["session_id"].get<std::int64_t>();
  } else if (!reply.ok && reply.errorCode == "unavailable") {
    // On a loaded machine glusterd's create (gverify mounts, push-pem hook) can outlast the engine's call
    // timeout: the engine answers that the outcome is unknown. As an operator would, look at the state:
    // the sync job records the session if glusterd made it.
    std::cerr << "[ chaos ] create answered unavailable (" << reply.errorMessage.substr(0, 160)
              << "...); waiting for the sync job to find the session\n";
    e2e::waitUntil(std::chrono::seconds(240), [&] {
      const auto found = sql_->scalar(
          "SELECT s.id FROM georep_sessions s JOIN georep_volumes v ON v.id = s.master_volume_id "
          "WHERE v.name = $1 AND s.secondary_volume = $2",
          {primaryVolume, secondaryVolume});
      if (found) id = std::stoll(*found);
      return found.has_value();
    }, std::chrono::seconds(2));
  }
  if (id == 0) {
    ADD_FAILURE() << "georep.session.create made no session: " << reply.describe();
    return 0;
  }
  EXPECT_TRUE(ClusterLab::waitForPushPemHook(lab_, secondaryVolume, std::chrono::seconds(90)))
      << "the push-pem hook did not finish within 90 s";
  if (!lab_.rsyncOptions.empty())
    okWhenGlusterdFree("georep.config.set", {{"session_id", id}, {"key", "rsync_options"}, {"value", lab_.rsyncOptions}});
  return id;
}

void ChaosTest::startAndWaitActive(std::int64_t id) {
  okWhenGlusterdFree("georep.session.start", {{"session_id", id}});
  std::optional<std::string> last;
  const bool active = e2e::waitUntil(std::chrono::seconds(120), [&] {
    last = sessionStatus(id);
    return last == "ACTIVE";
  });
  EXPECT_TRUE(active) << "session " << id << " is " << last.value_or("absent") << ", not ACTIVE, after 120 s";
}

std::optional<SessionsView> ChaosTest::glusterSessions(const std::string& liveNode) {
  const auto now = std::chrono::steady_clock::now();
  if (lastGlusterNode_ == liveNode && now - lastGlusterAt_ < std::chrono::seconds(5)) return lastGluster_;
  const std::vector<std::string> status{"volume", "geo-replication", "status"};
  const RunResult r = ClusterLab::gluster(liveNode, status, std::chrono::seconds(60));
  lastGluster_ = parseGlusterStatus(r.out, databaseBricks(*sql_, kPrimaryCluster));
  // With no session at all GlusterFS answers "geo-replication command failed" without XML; its plain-text
  // status then says "No active geo-replication sessions" (as the engine's gateway reads it).
  if (!lastGluster_ && r.out.find("<cliOutput") == std::string::npos &&
      ClusterLab::gluster(liveNode, status, std::chrono::seconds(60), false).out.find(
          "No active geo-replication sessions") != std::string::npos)
    lastGluster_ = SessionsView{};
  lastGlusterNode_ = liveNode;
  lastGlusterAt_ = std::chrono::steady_clock::now();
  return lastGluster_;
}

int ChaosTest::statusRunsWithChanges() {
  std::ifstream in(engine_->logFile());
  int runs = 0;
  // The log is appended to by every engine of the test: count only after the current one's start line.
  for (std::string line; std::getline(in, line);) {
    if (line.find("listening on http://127.0.0.1:" + std::to_string(engine_->port())) != std::string::npos) runs = 0;
    if (line.find(std::string("georep sync: status of cluster ") + kPrimaryCluster + ": ok") != std::string::npos) ++runs;
  }
  return runs;
}

ChaosTest::StatusCycles ChaosTest::statusCycles() {
  const e2e::HttpReply reply =
      e2e::HttpClient("127.0.0.1", engine_->port(), std::chrono::seconds(10), engine_->token()).get("/metrics");
  EXPECT_EQ(reply.status, 200) << "GET /metrics";
  const std::string labels = std::string("{cluster=\"") + kPrimaryCluster + "\"} ";
  const std::string count = "georep_sync_cycle_seconds_count" + labels, sum = "georep_sync_cycle_seconds_sum" + labels;
  StatusCycles out;
  std::istringstream in(reply.body);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(count, 0) == 0) out.count = static_cast<int>(std::stod(line.substr(count.size())));
    if (line.rfind(sum, 0) == 0) out.seconds = std::stod(line.substr(sum.size()));
  }
  return out;
}

std::optional<double> ChaosTest::waitConverged(const std::string& liveNode, std::chrono::seconds timeout,
                                               std::string* why, const std::string& deadNode) {
  const auto start = std::chrono::steady_clock::now();
  std::string last = "GlusterFS did not answer";
  const std::set<std::string> leftOut =
      deadNode.empty() ? std::set<std::string>{} : volumesOnlyOn(*sql_, kPrimaryCluster, deadNode);
  const bool same = e2e::waitUntil(timeout, [&] {
    const auto gluster = glusterSessions(liveNode);
    if (!gluster) return false;
    last = differences(*gluster, databaseSessions(*sql_, kPrimaryCluster), leftOut);
    return last.empty();
  }, std::chrono::milliseconds(500));
  if (why != nullptr) *why = last;
  if (!same) return std::nullopt;
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<json> ChaosTest::eventsOf(const std::string& name, std::int64_t sessionId, std::int64_t since) {
  std::vector<json> out;
  for (const auto& e : client_->events(since)) {
    if (e.value("name", "") != name) continue;
    const json body = e.value("body", json::object());
    if (body.contains("session_id") && body["session_id"].is_number_integer() &&
        body["session_id"].get<std::int64_t>() == sessionId)
      out.push_back(e);
  }
  return out;
}

bool ChaosTest::awaitEvent(const std::string& name, std::int64_t sessionId, std::int64_t since,
                           std::chrono::seconds timeout) {
  return e2e::waitUntil(timeout, [&] { return !eventsOf(name, sessionId, since).empty(); }, std::chrono::seconds(1));
}

std::string ChaosTest::describeEvents(std::int64_t since) {
  std::string out;
  for (const auto& e : client_->events(since)) {
    const json body = e.value("body", json::object());
    out += "\n  #" + std::to_string(e.value("id", 0)) + " " + e.value("name", "") + " session_id=" +
           (body.contains("session_id") ? body["session_id"].dump() : std::string("-"));
  }
  return out.empty() ? " none" : out;
}

std::optional<std::string> ChaosTest::storedConfig(std::int64_t id, const std::string& key) {
  return sql_->scalar("SELECT value FROM georep_session_config WHERE session_id = $1 AND key = $2",
                      {std::to_string(id), key});
}

std::optional<std::string> ChaosTest::glusterConfig(const std::string& liveNode, const std::string& primaryVolume,
                                                    const std::string& secondaryNode, const std::string& secondaryVolume,
                                                    const std::string& key) {
  const RunResult r = ClusterLab::gluster(
      liveNode, {"volume", "geo-replication", primaryVolume, secondaryUrl(secondaryNode, secondaryVolume), "config"});
  pugi::xml_document doc;
  if (!doc.load_string(r.out.c_str())) return std::nullopt;
  const auto node = doc.select_node(("/cliOutput/geoRep/config/" + key).c_str());
  if (!node) return std::nullopt;
  return std::string(node.node().child_value());
}

long long ChaosTest::sessionRows() { return sql_->count("SELECT count(*) FROM georep_sessions"); }

std::optional<std::string> ChaosTest::sessionStatus(std::int64_t id) {
  return sql_->scalar("SELECT status FROM georep_sessions WHERE id = $1", {std::to_string(id)});
}

std::optional<double> ChaosTest::writeAndAwaitArrival(const std::string& viaNode, const std::string& primaryVolume,
                                                      const std::string& secondaryNode,
                                                      const std::string& secondaryVolume, const std::string& prefix,
                                                      int count, std::chrono::seconds timeout) {
  // From the write on (the FUSE mount and unmount take seconds here: files may arrive meanwhile).
  const auto start = std::chrono::steady_clock::now();
  {
    ClusterMount mount(lab_, viaNode, primaryVolume);
    for (int i = 0; i < count; ++i) {
      std::ofstream out(mount.dir() / (prefix + std::to_string(i)));
      out << prefix << " payload " << i << "\n";
    }
  }
  const auto dir = lab_.brickDir(secondaryNode, secondaryVolume);
  const bool arrived = e2e::waitUntil(timeout, [&] {
    for (int i = 0; i < count; ++i) {
      std::ifstream in(dir / (prefix + std::to_string(i)));
      std::string text;
      std::getline(in, text);
      if (text != prefix + " payload " + std::to_string(i)) return false;
    }
    return true;
  }, std::chrono::seconds(1));
  if (!arrived) return std::nullopt;
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace georep::testing::chaos
