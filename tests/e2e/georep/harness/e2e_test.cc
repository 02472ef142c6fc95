#include "harness/e2e_test.h"

#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <mutex>

#include <pugixml.hpp>

#include "harness/wait.h"

namespace georep::testing::e2e {
namespace {

using nlohmann::json;

void loud(const std::string& message) {
  std::cerr << "\n"
            << "*****************************************************************************\n"
            << "*** e2e SKIPPED: " << message << "\n"
            << "*** These tests need a machine that can run GlusterFS (root, /dev/fuse,\n"
            << "*** glusterd). They did NOT run; nothing was verified against GlusterFS.\n"
            << "*****************************************************************************\n"
            << std::endl;
}

// A PostgreSQL server for the whole process: GEOREP_TEST_DB when set, otherwise a private one started
// with scripts/pg-temp in a temporary directory and stopped when the process exits.
class PostgresServer {
 public:
  PostgresServer() {
    const char* given = std::getenv("GEOREP_TEST_DB");
    if (given != nullptr && *given != '\0') return;
    std::string templ = "/tmp/georep-e2e-pg.XXXXXX";
    if (::mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp for PostgreSQL failed");
    dir_ = templ;
    const auto script = std::filesystem::path(GEOREP_SOURCE_DIR) / "scripts" / "pg-temp";
    const RunResult r = run({script.string(), "start", dir_.string()}, std::chrono::minutes(2),
                            {{"GEOREP_PG_FSYNC", "off"}});
    if (r.exitCode != 0) throw std::runtime_error("scripts/pg-temp start failed: " + r.describe());
    std::string url = r.out;
    while (!url.empty() && (url.back() == '\n' || url.back() == ' ')) url.pop_back();
    ::setenv("GEOREP_TEST_DB", url.c_str(), 1);
  }
  ~PostgresServer() {
    if (dir_.empty()) return;
    const auto script = std::filesystem::path(GEOREP_SOURCE_DIR) / "scripts" / "pg-temp";
    run({script.string(), "stop", dir_.string()}, std::chrono::minutes(1));
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

 private:
  std::filesystem::path dir_;
};

struct SuiteState {
  std::optional<LabFacts> lab;
  std::string skipReason;
  std::string error;
  std::unique_ptr<PostgresServer> postgres;
};

SuiteState& suite() {
  static SuiteState state;
  static std::once_flag once;
  std::call_once(once, [] {
    if (auto reason = Lab::cannotRunReason()) {
      state.skipReason = *reason;
      return;
    }
    try {
      state.lab = Lab::up(&state.skipReason);
      if (state.lab) state.postgres = std::make_unique<PostgresServer>();
    } catch (const std::exception& e) {
      state.lab.reset();
      state.error = e.what();
    }
  });
  return state;
}

std::string testName() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return std::string(info->test_suite_name()) + "." + info->name();
}

}  // namespace

std::filesystem::path E2eTest::georepctl() { return GEOREP_CTL_BINARY; }

void E2eTest::SetUp() {
  if (!Lab::cannotRunReason()) {
    try {
      labLock_ = std::make_unique<LabLock>(testName(), std::chrono::seconds(600));
    } catch (const std::exception& e) {
      FAIL() << e.what();
    }
  }
  SuiteState& s = suite();
  if (!s.skipReason.empty()) {
    loud(s.skipReason);
    GTEST_SKIP() << "GlusterFS cannot run on this machine: " << s.skipReason;
  }
  ASSERT_TRUE(s.lab.has_value()) << "the lab could not be brought up: " << s.error;
  lab_ = *s.lab;

  std::string templ = "/tmp/georep-e2e.XXXXXX";
  ASSERT_NE(::mkdtemp(templ.data()), nullptr);
  workDir_ = templ;

  if (resetLab()) {
    try {
      Lab::reset();
    } catch (const std::exception& e) {
      FAIL() << e.what();
    }
  }
  db_ = std::make_unique<TestDatabase>(TestDatabase::Schema::kEmpty, 1);
  EngineOptions options;
  options.binary = GEOREP_ENGINE_BINARY;
  options.pluginDir = GEOREP_PLUGIN_DIR;
  options.databaseConnect = db_->connectString();
  options.workDir = workDir_;
  options.sshKey = lab_.sshKeyPath;
  options.syncEnabled = syncJobEnabled();
  configureEngine(options);
  try {
    engine_ = std::make_unique<EngineProcess>(options);
  } catch (const std::exception& e) {
    FAIL() << e.what();
  }
  client_ = std::make_unique<EngineClient>(engine_->port(), engine_->token());
  sql_ = std::make_unique<SqlProbe>(db_->connectString());
  std::cerr << "[ e2e ] " << testName() << ": georep-engine on 127.0.0.1:" << engine_->port() << ", database "
            << db_->name() << ", work dir " << workDir_.string() << "\n";

  ok("cluster.add", {{"name", kClusterName}, {"transport", "ssh"}});
  ok("host.add", {{"cluster", kClusterName},
                  {"address", lab_.host},
                  {"ssh_port", lab_.sshPort},
                  {"ssh_user", lab_.sshUser},
                  {"ssh_key", "lab"},
                  {"host_key_fingerprint", lab_.hostKeyFingerprint}});
}

void E2eTest::TearDown() {
  const bool failed = HasFailure();
  if (engine_) {
    const int code = engine_->stop();
    if (failed) {
      std::cerr << "---- end of the engine log (" << engine_->logFile().string() << ", exit " << code << ") ----\n"
                << engine_->logTail() << "\n---- end ----\n";
    }
  }
  sql_.reset();
  client_.reset();
  engine_.reset();
  db_.reset();
  labLock_.reset();
  if (!workDir_.empty() && !failed) {
    std::error_code ec;
    std::filesystem::remove_all(workDir_, ec);
  } else if (!workDir_.empty()) {
    std::cerr << "[ e2e ] kept " << workDir_.string() << " (engine.json, engine.log) for the post-mortem\n";
  }
}

json E2eTest::ok(const std::string& name, const json& params) {
  const CommandReply reply = client_->command(name, params);
  EXPECT_TRUE(reply.ok) << name << " " << params.dump() << " was refused: " << reply.describe();
  EXPECT_EQ(reply.httpStatus, 200) << name << ": " << reply.describe();
  return reply.ok ? reply.result : json::object();
}

CommandReply E2eTest::refused(const std::string& name, const json& params, const std::string& code) {
  const CommandReply reply = client_->command(name, params);
  EXPECT_FALSE(reply.ok) << name << " " << params.dump() << " should have been refused: " << reply.describe();
  EXPECT_EQ(reply.errorCode, code) << name << " " << params.dump() << ": " << reply.describe();
  EXPECT_FALSE(reply.errorMessage.empty()) << reply.describe();
  return reply;
}

json E2eTest::expectEvent(const std::string& name, std::int64_t since, const json& bodyFields,
                          std::chrono::milliseconds timeout) {
  const auto matches = [&](const json& e) {
    const json& body = e.contains("body") ? e["body"] : json::object();
    for (const auto& [k, v] : bodyFields.items())
      if (!body.contains(k) || body[k] != v) return false;
    return true;
  };
  const auto event = client_->waitForEvent(name, timeout, since, matches);
  if (!event) {
    std::string seen;
    for (const auto& e : client_->events(since)) seen += "\n  " + e.dump();
    ADD_FAILURE() << "no event " << name << " with " << bodyFields.dump() << " within "
                  << std::chrono::duration_cast<std::chrono::seconds>(timeout).count()
                  << " s; events since " << since << ":" << (seen.empty() ? " none" : seen);
    return json::object();
  }
  return *event;
}

void E2eTest::expectSqlEventually(const std::string& query, const std::vector<std::string>& params,
                                  const std::optional<std::string>& expected, std::chrono::milliseconds timeout) {
  std::optional<std::string> last;
  const bool reached = waitUntil(timeout, [&] {
    last = sql_->scalar(query, params);
    return last == expected;
  });
  EXPECT_TRUE(reached) << query << " -> " << (last ? *last : "NULL/no row") << ", expected "
                       << (expected ? *expected : "NULL/no row") << " within "
                       << std::chrono::duration_cast<std::chrono::seconds>(timeout).count() << " s";
}

std::optional<std::string> E2eTest::sessionStatus(const std::string& secondaryVolume) {
  return sql_->scalar(
      "SELECT s.status FROM georep_sessions s JOIN georep_volumes v ON v.id = s.master_volume_id "
      "WHERE v.name = $1 AND s.secondary_volume = $2",
      {lab_.primary, secondaryVolume});
}

bool E2eTest::overrode(const json& created, const std::string& code) {
  if (!created.contains("eligibility_overridden") || !created["eligibility_overridden"].is_array()) return false;
  for (const auto& r : created["eligibility_overridden"]) {
    if (r.value("code", "") == code && r.value("blocking", false)) return true;
  }
  return false;
}

std::int64_t E2eTest::createSession(const std::string& secondaryVolume) {
  ok("georep.volume.refresh", {{"cluster", kClusterName}});
  const std::int64_t since = client_->lastEventId();
  const json created = ok("georep.session.create", {{"cluster", kClusterName},
                                                    {"master_volume", lab_.primary},
                                                    {"secondary_host", lab_.host},
                                                    {"secondary_volume", secondaryVolume},
                                                    {"ssh_port", lab_.sshPort},
                                                    // The lab's secondaries live in the primary's own glusterd:
                                                    // eligibility refuses them (same_cluster) without force.
                                                    {"force", true}});
  if (!created.contains("session_id")) {
    ADD_FAILURE() << "georep.session.create returned no session_id: " << created.dump();
    return 0;
  }
  const auto id = created["session_id"].get<std::int64_t>();
  EXPECT_TRUE(overrode(created, "same_cluster")) << created.dump();
  // The engine waited for glusterd's push-pem hook before anything else reached glusterd (the hook's last
  // act sets the secondary read-only: it must already be there).
  const json hook = created.value("push_pem_hook", json::object());
  EXPECT_EQ(hook.value("ended", false), true) << created.dump();
  EXPECT_EQ(hook.value("checked", false), true) << created.dump();
  std::cout << "[ e2e ] create: glusterd's push-pem hook ended " << hook.value("waited_ms", -1)
            << " ms after the create returned\n";
  EXPECT_TRUE(Lab::waitForPushPemHook(secondaryVolume, std::chrono::seconds(1)))
      << "the secondary was not read-only yet when the create returned: the hook had not finished";
  EXPECT_EQ(created.value("status", ""), "CREATED") << created.dump();
  EXPECT_EQ(created.value("secondary_volume", ""), secondaryVolume);
  EXPECT_NE(created.value("session_key", "").find("::" + secondaryVolume), std::string::npos) << created.dump();
  EXPECT_EQ(sql_->scalar("SELECT status FROM georep_sessions WHERE id = $1", {std::to_string(id)}), "CREATED");
  EXPECT_EQ(sql_->count("SELECT count(*) FROM georep_session_bricks WHERE session_id = $1 AND worker_status = 'Created'",
                        {std::to_string(id)}),
            2)
      << "both bricks of the replica-2 primary should have a Created worker";
  EXPECT_GT(sql_->count("SELECT count(*) FROM georep_session_config WHERE session_id = $1", {std::to_string(id)}), 20)
      << "the session's config should be stored with it";
  // glusterd's create does not store ssh-port (glusterfs#2819); the command must have set it.
  EXPECT_EQ(storedConfig(id, "ssh_port"), std::to_string(lab_.sshPort));
  {
    const RunResult cli = Lab::gluster({"volume", "geo-replication", lab_.primary, secondaryUrl(secondaryVolume), "config"});
    EXPECT_NE(cli.out.find("<ssh_port>" + std::to_string(lab_.sshPort) + "</ssh_port>"), std::string::npos)
        << "glusterd's session config lacks the ssh port: " << cli.describe();
  }
  expectEvent("georep.session.created", since, {{"session_id", id}}, std::chrono::seconds(5));
  return id;
}

void E2eTest::configureForLab(std::int64_t id) {
  EXPECT_EQ(storedConfig(id, "change_detector"), "changelog") << "the e2e sessions run glusterd's default detector";
  if (!lab_.rsyncOptions.empty()) {
    const json rsync = ok("georep.config.set", {{"session_id", id}, {"key", "rsync_options"}, {"value", lab_.rsyncOptions}});
    EXPECT_EQ(rsync.value("value", ""), lab_.rsyncOptions) << rsync.dump();
    EXPECT_EQ(storedConfig(id, "rsync_options"), lab_.rsyncOptions);
  }
}

void E2eTest::configureForLabWithCli(const std::string& secondaryVolume) {
  const std::string url = secondaryUrl(secondaryVolume);
  std::vector<std::vector<std::string>> settings{{"ssh_port", std::to_string(lab_.sshPort)}};
  if (!lab_.rsyncOptions.empty()) settings.push_back({"rsync_options", lab_.rsyncOptions});
  for (const auto& kv : settings) {
    const RunResult r = Lab::gluster({"volume", "geo-replication", lab_.primary, url, "config", kv[0], kv[1]});
    EXPECT_NE(r.out.find("<opRet>0</opRet>"), std::string::npos) << "gluster config " << kv[0] << ": " << r.describe();
  }
}

void E2eTest::startAndWaitActive(std::int64_t id) {
  const std::int64_t since = client_->lastEventId();
  const json started = ok("georep.session.start", {{"session_id", id}});
  EXPECT_NE(started.value("status", ""), "CREATED") << started.dump();
  expectEvent("georep.session.started", since, {{"session_id", id}}, std::chrono::seconds(5));
  expectSqlEventually("SELECT status FROM georep_sessions WHERE id = $1", {std::to_string(id)}, "ACTIVE",
                      std::chrono::seconds(90));
}

std::optional<std::string> E2eTest::storedConfig(std::int64_t id, const std::string& key) {
  return sql_->scalar("SELECT value FROM georep_session_config WHERE session_id = $1 AND key = $2",
                      {std::to_string(id), key});
}

std::string E2eTest::secondaryUrl(const std::string& secondaryVolume) const { return lab_.host + "::" + secondaryVolume; }

std::map<std::string, std::string> glusterWorkerStates(const std::string& primary, const std::string& secondaryUrl) {
  std::map<std::string, std::string> states;
  const RunResult r = Lab::gluster({"volume", "geo-replication", primary, secondaryUrl, "status"});
  pugi::xml_document doc;
  if (!doc.load_string(r.out.c_str())) return states;
  for (const auto& pair : doc.select_nodes("//pair")) {
    const auto node = pair.node();
    states[node.child_value("primary_brick")] = node.child_value("status");
  }
  return states;
}

}  // namespace georep::testing::e2e
