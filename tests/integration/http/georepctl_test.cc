// georepctl against a live HttpServer (real command bus, inventory and audit log on PostgreSQL): what
// an operator types and sees, exit statuses, --json, and the key=value typing on the wire.
#ifdef GEOREP_HAVE_CLI

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/georepctl_app.h"
#include "engine/src/commands/engine_command_bus.h"
#include "engine/src/events/audit_log.h"
#include "engine/src/http/http_server.h"
#include "engine/src/config/allow_list.h"
#include "engine/src/inventory/inventory_commands.h"
#include "engine/src/inventory/pg_inventory.h"
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
    api::CommandSpec echo{"test.echo", "echoes its parameters", {}};
    const std::vector<std::pair<std::string, api::ParamType>> params = {
        {"n", api::ParamType::kInteger}, {"s", api::ParamType::kString},  {"f", api::ParamType::kNumber},
        {"b", api::ParamType::kBoolean}, {"arr", api::ParamType::kArray}, {"word", api::ParamType::kString},
        {"nul", api::ParamType::kString}};
    for (const auto& [name, type] : params) {
      api::ParamSpec p;
      p.name = name;
      p.type = type;
      echo.params.push_back(p);
    }
    registrations_.push_back(
        bus_.registerHandler(echo, [](const json& p, const auto&) { return json{{"params", p}}; }));
    HttpOptions options;
    options.port = 0;
    server_ = std::make_unique<HttpServer>(bus_, audit_, options);
    server_->start();
    url_ = "http://127.0.0.1:" + std::to_string(server_->port());
  }
  void TearDown() override { server_->stop(); }

  CtlRun ctl(std::vector<std::string> args) {
    args.insert(args.begin(), {"georepctl", "--url", url_});
    std::vector<const char*> argv;
    for (const auto& a : args) argv.push_back(a.c_str());
    std::ostringstream out, err;
    CtlRun r;
    r.status = cli::runGeorepctl(static_cast<int>(argv.size()), argv.data(), out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
  }

  testing::TestDatabase db_{testing::TestDatabase::Schema::kEngine};
  AuditLog audit_{db_.database()};
  EngineCommandBus bus_;
  PgInventory inventory_{db_.database()};
  AllowList allow_ = [] {  // as the engine config's "allow" section gives it
    const nlohmann::json section{{"ssh_keys", {{"prod", "/etc/georep/id_ed25519"}}}};
    return AllowList::fromJson(&section, [] { return std::optional<std::string>("/usr/sbin/gluster"); });
  }();
  std::vector<api::Registration> registrations_ = registerInventoryCommands(bus_, inventory_, allow_);
  std::unique_ptr<HttpServer> server_;
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
           std::string("host_key_fingerprint=") + kFingerprint, "ssh_key=prod"});
  ASSERT_EQ(r.status, 0) << r.err;
  r = ctl({"call", "host.add", "cluster=prod", "address=10.0.0.7", std::string("host_key_fingerprint=") + kFingerprint});
  ASSERT_EQ(r.status, 0) << r.err;

  r = ctl({"call", "host.list", "cluster=prod"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "ID  CLUSTER  ADDRESS          HOST_KEY_FINGERPRINT                                SSH_KEY  "
            "SSH_KEY_PATH            SSH_PORT  SSH_USER  STATE\n"
            "1   prod     gl1.example.com  SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8  prod     "
            "/etc/georep/id_ed25519  2222      root      unknown\n"
            "2   prod     10.0.0.7         SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8" +
                std::string(2 + 9 + 24, ' ') + "22        root      unknown\n");

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
  const CtlRun r = ctl({"--json", "call", "test.echo", "n=5", "s=\"5\"", "f:=0.5", "b=true", "arr=[1,\"x\"]",
                        "word=hello world", "nul:=null"});
  ASSERT_EQ(r.status, 0) << r.err;
  const json params = json::parse(r.out)["result"]["params"];
  EXPECT_EQ(params["n"], json(5));
  EXPECT_EQ(params["s"], json("5"));
  EXPECT_EQ(params["f"], json(0.5));
  EXPECT_EQ(params["b"], json(true));
  EXPECT_EQ(params["arr"], json::parse(R"([1,"x"])"));
  EXPECT_EQ(params["word"], json("hello world"));
  EXPECT_FALSE(params.contains("nul")) << "a JSON null for an optional parameter reads as absent, not \"null\"";
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
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 3; ++i) {
    api::Event e;
    e.name = "georep.test.event_" + std::to_string(i);
    e.severity = api::Severity::kWarning;
    e.time = std::chrono::system_clock::now();
    e.correlationId = "c" + std::to_string(i);
    ids.push_back(audit_.append(e));
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
  auto raise = [this](const std::string& name) {
    api::Event e;
    e.name = name;
    e.time = std::chrono::system_clock::now();
    e.correlationId = "follow";
    e.body = {{"k", "v"}};
    return audit_.append(e);
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

}  // namespace
}  // namespace georep::engine

#endif  // GEOREP_HAVE_CLI
