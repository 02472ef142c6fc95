// georepctl against the real georep-engine process (its HTTP server, command bus, inventory and audit
// log on a real PostgreSQL), authenticated as an operator would be: an admin bootstrapped and a token
// issued with the engine binary (GEOREP_TOKEN), or `georepctl login --password-stdin`. What an operator
// types and sees, exit statuses, --json, the key=value typing on the wire, and the 401 without a token;
// with the georep plugin loaded, the resource verbs (session, config, volume) against its real commands.
#ifdef GEOREP_HAVE_CLI

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/georepctl_app.h"
#include "engine/api/event_bus.h"
#include "engine/src/events/audit_log.h"
#include "support/engine_admin.h"
#include "support/engine_child.h"
#include "support/test_database.h"

namespace georep::engine {
namespace {

using nlohmann::json;

constexpr const char* kFingerprint = "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8";

struct CtlRun {
  int status = -1;
  std::string out;
  std::string err;
};

class GeorepctlLiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = std::filesystem::temp_directory_path() / "georepctl-live.XXXXXX";
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    workDir_ = templ;
    ::setenv("XDG_CONFIG_HOME", (workDir_ / "config").c_str(), 1);
    ::unsetenv("GEOREP_URL");
    const std::map<std::string, std::string> env{{"GEOREP_DB", db_.connectString()},
                                                 {"GEOREP_HTTP_PORT", "0"},
                                                 {"GEOREP_PLUGINS", plugins()},
                                                 {"GEOREP_LOG_LEVEL", "info"}};
    try {
      engine_ = std::make_unique<testing::EngineChild>(GEOREP_ENGINE_BINARY, env, workDir_ / "engine.log");
      token_ = testing::bootstrapAdminAndIssueToken({GEOREP_ENGINE_BINARY, {}, {{"GEOREP_DB", db_.connectString()}}});
    } catch (const std::exception& e) {
      FAIL() << e.what();
    }
    ::setenv("GEOREP_TOKEN", token_.c_str(), 1);
    url_ = "http://127.0.0.1:" + std::to_string(engine_->port());
  }
  void TearDown() override {
    ::unsetenv("GEOREP_TOKEN");
    ::unsetenv("XDG_CONFIG_HOME");
    if (engine_ && HasFailure()) std::cerr << "---- engine log ----\n" << engine_->log() << "\n";
    engine_.reset();
    std::filesystem::remove_all(workDir_);
  }

  // GEOREP_PLUGINS for the engine: none here.
  virtual std::string plugins() const { return ""; }

  CtlRun ctl(std::vector<std::string> args, const std::string& stdinText = "") {
    args.insert(args.begin(), {"georepctl", "--url", url_});
    std::vector<const char*> argv;
    for (const auto& a : args) argv.push_back(a.c_str());
    std::istringstream in(stdinText);
    std::ostringstream out, err;
    CtlRun r;
    r.status = cli::runGeorepctl(static_cast<int>(argv.size()), argv.data(), in, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
  }

  testing::TestDatabase db_{testing::TestDatabase::Schema::kEmpty};
  std::filesystem::path workDir_;
  std::unique_ptr<testing::EngineChild> engine_;
  std::string token_;
  std::string url_;
};

TEST_F(GeorepctlLiveTest, HealthSaysOk) {
  const CtlRun r = ctl({"health"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "ok\n");
}

TEST_F(GeorepctlLiveTest, AnOperatorBuildsTheInventoryAndSeesItAsTables) {
  CtlRun r = ctl({"call", "cluster.add", "name=prod"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("name             prod\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("transport        ssh\n"), std::string::npos) << r.out;

  r = ctl({"call", "host.add", "cluster=prod", "address=gl1.example.com", "ssh_port=2222",
           std::string("host_key_fingerprint=") + kFingerprint});
  ASSERT_EQ(r.status, 0) << r.err;
  r = ctl({"call", "host.add", "cluster=prod", "address=10.0.0.7", std::string("host_key_fingerprint=") + kFingerprint});
  ASSERT_EQ(r.status, 0) << r.err;

  r = ctl({"call", "host.list", "cluster=prod"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "ID  CLUSTER  ADDRESS          HOST_KEY_FINGERPRINT                                SSH_KEY  "
            "SSH_KEY_PATH  SSH_PORT  SSH_USER  STATE\n"
            "1   prod     gl1.example.com  SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8" +
                std::string(2 + 9 + 14, ' ') + "2222      root      unknown\n"
            "2   prod     10.0.0.7         SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8" +
                std::string(2 + 9 + 14, ' ') + "22        root      unknown\n");

  r = ctl({"call", "cluster.list"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "ID  NAME  GLUSTER_COMMAND    HOSTS  TRANSPORT\n"
            "1   prod  /usr/sbin/gluster  2      ssh\n");
}

TEST_F(GeorepctlLiveTest, TypedErrorsArePrintedWithCodeFieldAndMessageAndExitWith1) {
  CtlRun r = ctl({"call", "cluster.add", "name=prod", "transport=telnet"});
  EXPECT_EQ(r.status, cli::kExitError);
  EXPECT_EQ(r.err.rfind("error: invalid_argument: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("  field: transport\n"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("  correlation id: "), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());

  ASSERT_EQ(ctl({"call", "cluster.add", "name=prod", "transport=local"}).status, 0);
  r = ctl({"call", "cluster.add", "name=prod"});
  EXPECT_EQ(r.status, cli::kExitError);
  EXPECT_EQ(r.err.rfind("error: conflict: a cluster named 'prod' already exists\n", 0), 0u) << r.err;

  r = ctl({"call", "no.such"});
  EXPECT_EQ(r.status, cli::kExitError);
  EXPECT_EQ(r.err.rfind("error: not_found: ", 0), 0u) << r.err;

  r = ctl({"--json", "call", "host.remove", "cluster=prod", "address=nowhere"});
  EXPECT_EQ(r.status, cli::kExitError);
  const json reply = json::parse(r.out);
  EXPECT_EQ(reply["ok"], false);
  EXPECT_EQ(reply["error"]["code"], "not_found");
}

TEST_F(GeorepctlLiveTest, KeyValueTypingReachesTheEngineAsDocumented) {
  ASSERT_EQ(ctl({"call", "cluster.add", "name=prod"}).status, 0);
  // ssh_port is an integer parameter: 2222 goes as a number, '"2222"' as a string (refused by its type).
  CtlRun r = ctl({"call", "host.add", "cluster=prod", "address=a.example.com", "ssh_port=\"2222\"",
                  std::string("host_key_fingerprint=") + kFingerprint});
  EXPECT_EQ(r.status, cli::kExitError);
  EXPECT_NE(r.err.find("field: ssh_port"), std::string::npos) << r.err;
  // A JSON null for an optional parameter reads as absent (the default ssh_user), not as "null".
  r = ctl({"--json", "call", "host.add", "cluster=prod", "address=a.example.com", "ssh_port=2222", "ssh_user:=null",
           std::string("host_key_fingerprint=") + kFingerprint});
  ASSERT_EQ(r.status, 0) << r.err;
  r = ctl({"--json", "call", "host.list", "cluster=prod"});
  ASSERT_EQ(r.status, 0) << r.err;
  const json host = json::parse(r.out)["result"]["hosts"][0];
  EXPECT_EQ(host["ssh_port"], json(2222));
  EXPECT_EQ(host["ssh_user"], json("root"));
}

TEST_F(GeorepctlLiveTest, WithoutATokenEveryCommandSaysToLogIn) {
  ::unsetenv("GEOREP_TOKEN");
  const CtlRun r = ctl({"call", "cluster.list"});
  EXPECT_EQ(r.status, cli::kExitError);
  EXPECT_EQ(r.err.rfind("error: not logged in or token expired: run georepctl login\n", 0), 0u) << r.err;
  EXPECT_EQ(ctl({"health"}).status, 0) << "health needs no token";
}

TEST_F(GeorepctlLiveTest, LoginWhoamiTokensAndLogoutAgainstTheEngine) {
  ::unsetenv("GEOREP_TOKEN");
  CtlRun r = ctl({"login", "--user", testing::kTestAdminUser, "--password-stdin"}, "wrong password\n");
  EXPECT_EQ(r.status, cli::kExitError);
  EXPECT_NE(r.err.find("wrong user name or password"), std::string::npos) << r.err;

  r = ctl({"login", "--user", testing::kTestAdminUser, "--password-stdin"},
          std::string(testing::kTestAdminPassword) + "\n");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.find(testing::kTestAdminPassword), std::string::npos);
  r = ctl({"whoami"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find(testing::kTestAdminUser), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("admin"), std::string::npos) << r.out;

  r = ctl({"--json", "token", "create", "backup-cron", "--role", "viewer", "--expires-in-days", "7"});
  ASSERT_EQ(r.status, 0) << r.err;
  const json created = json::parse(r.out)["result"];
  const std::string viewerToken = created.value("token", "");
  EXPECT_EQ(viewerToken.rfind("grt_", 0), 0u) << r.out;
  r = ctl({"token", "list"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("backup-cron"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(viewerToken), std::string::npos) << "token list must not show token values";

  ::setenv("GEOREP_TOKEN", viewerToken.c_str(), 1);
  r = ctl({"call", "cluster.add", "name=viewer-made"});
  EXPECT_EQ(r.status, cli::kExitError);
  EXPECT_EQ(r.err.rfind("error: forbidden: ", 0), 0u) << r.err;
  ::unsetenv("GEOREP_TOKEN");
  ASSERT_EQ(ctl({"token", "revoke", std::to_string(created.value("token_id", 0))}).status, 0);
  ::setenv("GEOREP_TOKEN", viewerToken.c_str(), 1);
  EXPECT_EQ(ctl({"call", "cluster.list"}).status, cli::kExitError) << "a revoked token is refused";
  ::unsetenv("GEOREP_TOKEN");

  ASSERT_EQ(ctl({"logout"}).status, 0);
  r = ctl({"whoami"});
  EXPECT_EQ(r.status, cli::kExitError);
  EXPECT_NE(r.err.find("not logged in"), std::string::npos) << r.err;
}

TEST_F(GeorepctlLiveTest, CommandsListsNamesAndParameters) {
  CtlRun r = ctl({"commands"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("host.add  Add a host to a cluster"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("    ssh_port              integer, 1..65535, default 22"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("cluster.list"), std::string::npos);

  r = ctl({"--json", "commands"});
  ASSERT_EQ(r.status, 0);
  EXPECT_GE(json::parse(r.out)["commands"].size(), 7u);
}

TEST_F(GeorepctlLiveTest, EventsAreShownOldestFirstAfterSince) {
  AuditLog audit(db_.database());
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 3; ++i) {
    api::Event e;
    e.name = "georep.test.event_" + std::to_string(i);
    e.severity = api::Severity::kWarning;
    e.time = std::chrono::system_clock::now();
    e.correlationId = "c" + std::to_string(i);
    ids.push_back(audit.append(e));
  }
  CtlRun r = ctl({"events"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("ID", 0), 0u);
  const auto first = r.out.find("georep.test.event_0");
  const auto last = r.out.find("georep.test.event_2");
  EXPECT_NE(first, std::string::npos);
  EXPECT_LT(first, last);

  r = ctl({"events", "--since", std::to_string(ids[0]), "--limit", "1"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.find("event_0"), std::string::npos);
  EXPECT_NE(r.out.find("event_1"), std::string::npos);
  EXPECT_EQ(r.out.find("event_2"), std::string::npos);
  EXPECT_NE(r.err.find("--since " + std::to_string(ids[1])), std::string::npos) << r.err;

  r = ctl({"--json", "events", "--since", std::to_string(ids[2])});
  ASSERT_EQ(r.status, 0);
  EXPECT_EQ(json::parse(r.out)["events"], json::array());
}

// The georepctl binary as a child process with its stdout on a pipe; killed (by its pid) at the end.
class ChildCtl {
 public:
  explicit ChildCtl(std::vector<std::string> args) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    // Built before fork: the child of a multithreaded process may only make async-signal-safe calls.
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(GEOREPCTL_PATH));
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], STDOUT_FILENO);
      ::close(fds[0]);
      ::close(fds[1]);
      ::execv(GEOREPCTL_PATH, argv.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    fd_ = fds[0];
  }
  ~ChildCtl() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
    ::close(fd_);
  }
  ChildCtl(const ChildCtl&) = delete;
  ChildCtl& operator=(const ChildCtl&) = delete;

  // Reads stdout until it contains needle or the timeout passes; returns everything read so far.
  const std::string& readUntil(const std::string& needle, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (output_.find(needle) == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      char buf[4096];
      const ssize_t n = ::read(fd_, buf, sizeof buf);
      if (n <= 0) break;
      output_.append(buf, static_cast<std::size_t>(n));
    }
    return output_;
  }

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  std::string output_;
};

TEST_F(GeorepctlLiveTest, FollowPrintsNewEventsAsTheyArrive) {
  AuditLog audit(db_.database());
  auto raise = [&audit](const std::string& name) {
    api::Event e;
    e.name = name;
    e.time = std::chrono::system_clock::now();
    e.correlationId = "follow";
    e.body = {{"k", "v"}};
    return audit.append(e);
  };
  raise("georep.test.before");
  ChildCtl follow({"--url", url_, "events", "--follow", "--interval", "0.2"});
  EXPECT_NE(follow.readUntil("georep.test.before", std::chrono::seconds(10)).find("georep.test.before"),
            std::string::npos);
  const auto id = raise("georep.test.after");
  const std::string& out = follow.readUntil("georep.test.after", std::chrono::seconds(10));
  EXPECT_NE(out.find(std::to_string(id) + "  "), std::string::npos) << out;
  EXPECT_NE(out.find("georep.test.after  follow  {\"k\":\"v\"}\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("georep.test.before"), out.rfind("georep.test.before")) << "each event printed once";
}

#ifdef GEOREP_PLUGIN_DIR
// The same engine with the georep plugin loaded: georepctl's resource verbs against its real commands,
// whose parameter validator refuses any parameter it does not know and any value of the wrong type.
class GeorepctlVerbsLiveTest : public GeorepctlLiveTest {
 protected:
  std::string plugins() const override { return std::string(GEOREP_PLUGIN_DIR) + "/libgeorep.so"; }
};

TEST_F(GeorepctlVerbsLiveTest, SessionListShowsNoSessionsAsTableAndJson) {
  CtlRun r = ctl({"session", "list"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "(no sessions)\n");
  r = ctl({"--json", "session", "list"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["result"]["sessions"], json::array()) << r.out;
}

TEST_F(GeorepctlVerbsLiveTest, EveryVerbsParametersAreAcceptedAndReachTheCommand) {
  ASSERT_EQ(ctl({"call", "cluster.add", "name=prod"}).status, 0);
  // Nothing here exists, so each command gets past the validator (every parameter name and type right)
  // and refuses with not_found on the parameter it looked up: what the verb sent reached the handler.
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"session", "list", "--cluster", "prod", "--volume", "vol1"}, "master_volume"},
      {{"session", "list", "--cluster", "nope"}, "cluster"},
      {{"session", "get", "42"}, "session_id"},
      {{"session", "start", "42", "--force"}, "session_id"},
      {{"session", "stop", "42", "--force"}, "session_id"},
      {{"session", "pause", "42", "--force"}, "session_id"},
      {{"session", "resume", "42", "--force"}, "session_id"},
      {{"session", "delete", "42", "--force", "--reset-sync-time"}, "session_id"},
      {{"session", "create", "--cluster", "prod", "--primary", "vol1", "--secondary", "geoacct@sec.example.com::backup",
        "--ssh-port", "2222", "--force", "--no-verify"},
       "master_volume"},
      {{"session", "create", "--cluster", "nope", "--primary", "vol1", "--secondary", "sec.example.com::backup"},
       "cluster"},
      {{"config", "list", "42", "--changed-only"}, "session_id"},
      {{"config", "set", "42", "sync-jobs", "3"}, "session_id"},
      {{"config", "reset", "42", "checkpoint"}, "session_id"},
      {{"volume", "refresh", "--cluster", "nope"}, "cluster"},
  };
  for (const auto& [args, field] : cases) {
    const CtlRun r = ctl(args);
    SCOPED_TRACE(args[0] + " " + args[1]);
    EXPECT_EQ(r.status, cli::kExitError) << r.out << r.err;
    EXPECT_EQ(r.err.rfind("error: not_found: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find("  field: " + field + "\n"), std::string::npos) << r.err;
  }
}

TEST_F(GeorepctlVerbsLiveTest, AViewerListsButCannotChange) {
  CtlRun r = ctl({"--json", "token", "create", "watcher", "--role", "viewer"});
  ASSERT_EQ(r.status, 0) << r.err;
  ::setenv("GEOREP_TOKEN", json::parse(r.out)["result"].value("token", "").c_str(), 1);
  r = ctl({"session", "list"});
  EXPECT_EQ(r.status, 0) << r.err;
  r = ctl({"session", "stop", "1", "--force"});
  EXPECT_EQ(r.status, cli::kExitError);
  EXPECT_EQ(r.err.rfind("error: forbidden: ", 0), 0u) << r.err;
}
#endif  // GEOREP_PLUGIN_DIR

}  // namespace
}  // namespace georep::engine

#endif  // GEOREP_HAVE_CLI
