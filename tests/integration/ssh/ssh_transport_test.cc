// SshTransport against a real sshd on 127.0.0.1 (TestSshd): success, host key pinning (wrong key,
// nothing pinned, a pinned key of another type), authentication failures, unreachable hosts, command
// timeout (what happens to the remote process), server killed and restarted (reconnect), hostile
// arguments arriving verbatim, large output, the session bounds, and GlusterGateway/ClusterGateway over
// SSH with host fallback.
#include "gluster/ssh_transport.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "engine/api/inventory.h"
#include "gluster/cluster_gateway.h"
#include "gluster/errors.h"
#include "gluster/local_transport.h"
#include "gluster/ssh_session_pool.h"
#include "gluster/transport_factory.h"
#include "integration/ssh/test_sshd.h"
#include "support/fake_transport.h"
#include "unit/gluster_gateway/hostile_strings.h"

extern char** environ;

namespace georep::gluster {
namespace {

using namespace std::chrono_literals;
using testing::TestSshd;

const std::string kEcho = GEOREP_ARGV_ECHO;

class SshTransportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server = std::make_unique<TestSshd>(); }  // one server for the suite
  static void TearDownTestSuite() { server.reset(); }
  void SetUp() override {
    if (!sshd->running()) sshd->start();
  }

  std::shared_ptr<SshSessionPool> pool = std::make_shared<SshSessionPool>(SshPoolOptions{4, 2, 5s, 300s});

  template <typename Fn>
  static GatewayError errorOf(Fn&& fn) {
    try {
      fn();
    } catch (const GatewayError& e) {
      return e;
    }
    ADD_FAILURE() << "no error";
    return GatewayError(ErrorKind::kRefused, "none");
  }
  static bool mentions(const GatewayError& e, const std::string& text) {
    return std::string(e.what()).find(text) != std::string::npos;
  }

  static std::unique_ptr<TestSshd> server;
  TestSshd* sshd = server.get();
};
std::unique_ptr<TestSshd> SshTransportTest::server;

// A loopback port bound but not listening (connections refused), or listening but never accepting nor
// answering (the TCP handshake completes, the SSH banner never comes). Closed on destruction.
class RefusingPort {
 public:
  explicit RefusingPort(bool listenSilently = false) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      throw std::runtime_error("cannot bind a loopback port");
    }
    port_ = ntohs(addr.sin_port);
    if (listenSilently && ::listen(fd_, 16) != 0) throw std::runtime_error("listen failed");
  }
  ~RefusingPort() { ::close(fd_); }
  RefusingPort(const RefusingPort&) = delete;
  RefusingPort& operator=(const RefusingPort&) = delete;
  int port() const { return port_; }

 private:
  int fd_;
  int port_ = 0;
};

TEST_F(SshTransportTest, RunsCommandsOnOneReusedSession) {
  SshTransport t(sshd->target(), pool);
  ExecResult r = t.run({kEcho, "--stderr", "warn\n", "--exit", "7", "--", "hello"}, 10s);
  EXPECT_EQ(r.exitStatus, 7);
  EXPECT_EQ(r.out, std::string("hello\0", 6));
  EXPECT_EQ(r.err, "warn\n");
  for (int i = 0; i < 5; ++i) {
    r = t.run({kEcho, "--", std::to_string(i)}, 10s);
    EXPECT_EQ(r.exitStatus, 0);
    EXPECT_EQ(testing::splitNul(r.out), std::vector<std::string>{std::to_string(i)});
  }
  EXPECT_EQ(pool->openSessions(), 1u);
  EXPECT_EQ(pool->idleSessions(), 1u);
}

TEST_F(SshTransportTest, HostileArgumentsArriveVerbatim) {
  SshTransport t(sshd->target(), pool);
  const auto hostile = testing::hostileStrings();
  std::vector<std::string> argv{kEcho, "--"};
  argv.insert(argv.end(), hostile.begin(), hostile.end());
  const ExecResult r = t.run(argv, 20s);
  ASSERT_EQ(r.exitStatus, 0) << r.err;
  EXPECT_EQ(testing::splitNul(r.out), hostile);
  // One by one too, each as the only argument.
  for (const std::string& h : hostile) {
    const ExecResult one = t.run({kEcho, "--", h}, 10s);
    ASSERT_EQ(one.exitStatus, 0);
    EXPECT_EQ(testing::splitNul(one.out), (h.empty() ? std::vector<std::string>{""} : std::vector<std::string>{h}));
  }
}

TEST_F(SshTransportTest, LargeOutputOnBothStreams) {
  SshTransport t(sshd->target(), pool);
  const ExecResult r = t.run({kEcho, "--bytes", "8000000", "--err-bytes", "2000000"}, 30s);
  EXPECT_EQ(r.exitStatus, 0);
  EXPECT_EQ(r.out, std::string(8000000, 'x'));
  EXPECT_EQ(r.err, std::string(2000000, 'e'));
}

TEST_F(SshTransportTest, WrongPinnedHostKeyIsRefusedShowingTheKeysSeen) {
  SshTarget target = sshd->target();
  target.hostKeyFingerprint = sshd->otherKeyFingerprint();
  SshTransport t(target, pool);
  const GatewayError e = errorOf([&] { t.run({kEcho}, 10s); });
  EXPECT_EQ(e.kind(), ErrorKind::kHostKeyMismatch) << e.what();
  EXPECT_TRUE(mentions(e, sshd->ed25519Fingerprint())) << e.what();
  EXPECT_TRUE(mentions(e, sshd->ecdsaFingerprint())) << e.what();
  EXPECT_TRUE(mentions(e, sshd->otherKeyFingerprint())) << e.what();
  EXPECT_EQ(pool->openSessions(), 0u);
  // Refused before anything was sent, naming the key the server presented (for the alert).
  EXPECT_FALSE(e.mayHaveRun());
  EXPECT_TRUE(e.presentedKey() == sshd->ed25519Fingerprint() || e.presentedKey() == sshd->ecdsaFingerprint())
      << e.presentedKey();
}

TEST_F(SshTransportTest, NothingPinnedIsRefused) {
  SshTarget target = sshd->target();
  target.hostKeyFingerprint.clear();
  SshTransport t(target, pool);
  const GatewayError e = errorOf([&] { t.run({kEcho}, 10s); });
  EXPECT_EQ(e.kind(), ErrorKind::kHostKeyUnknown) << e.what();
  EXPECT_TRUE(mentions(e, sshd->ed25519Fingerprint()) || mentions(e, sshd->ecdsaFingerprint())) << e.what();
  EXPECT_TRUE(mentions(e, "SHA256:"));
}

TEST_F(SshTransportTest, PinnedKeyOfAnotherTypeIsFound) {
  SshTarget target = sshd->target();
  target.hostKeyFingerprint = sshd->ecdsaFingerprint() + "=";  // padding as some tools print it is tolerated
  SshTransport t(target, pool);
  EXPECT_EQ(t.run({kEcho, "--", "ok"}, 10s).exitStatus, 0);
  pool->closeIdle();
  EXPECT_EQ(t.run({kEcho, "--", "again"}, 10s).exitStatus, 0);  // reconnects with the remembered type
}

TEST_F(SshTransportTest, AuthenticationFailures) {
  SshTarget wrongKey = sshd->target();
  wrongKey.keyPath = sshd->otherKey();
  GatewayError e = errorOf([&] { SshTransport(wrongKey, pool).run({kEcho}, 10s); });
  EXPECT_EQ(e.kind(), ErrorKind::kAuthFailed) << e.what();

  SshTarget missingKey = sshd->target();
  missingKey.keyPath = (sshd->dir() / "no-such-key").string();
  e = errorOf([&] { SshTransport(missingKey, pool).run({kEcho}, 10s); });
  EXPECT_EQ(e.kind(), ErrorKind::kAuthFailed) << e.what();
  EXPECT_TRUE(mentions(e, "cannot be loaded"));

  SshTarget noKey = sshd->target();
  noKey.keyPath.clear();  // agent only, and SSH_AUTH_SOCK is unset
  e = errorOf([&] { SshTransport(noKey, pool).run({kEcho}, 10s); });
  EXPECT_EQ(e.kind(), ErrorKind::kAuthFailed) << e.what();
  EXPECT_EQ(pool->openSessions(), 0u);
}

// An ssh-agent of our own holding the authorized key: used when no key is configured, and when the
// configured key is refused.
TEST_F(SshTransportTest, AgentAuthentication) {
  const std::string socket = (sshd->dir() / "agent.sock").string();
  std::vector<std::string> args{"/usr/bin/ssh-agent", "-D", "-a", socket};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t agent = -1;
  ASSERT_EQ(::posix_spawn(&agent, argv[0], nullptr, nullptr, argv.data(), environ), 0);
  for (int i = 0; i < 100 && !std::filesystem::exists(socket); ++i) std::this_thread::sleep_for(20ms);
  ::setenv("SSH_AUTH_SOCK", socket.c_str(), 1);
  const ExecResult added = LocalTransport().run({"ssh-add", "-q", sshd->userKey()}, 10s);
  EXPECT_EQ(added.exitStatus, 0) << added.err;

  SshTarget agentOnly = sshd->target();
  agentOnly.keyPath.clear();
  EXPECT_EQ(SshTransport(agentOnly, pool).run({kEcho, "--", "via agent"}, 10s).exitStatus, 0);
  pool->closeIdle();
  SshTarget refusedKey = sshd->target();
  refusedKey.keyPath = sshd->otherKey();
  EXPECT_EQ(SshTransport(refusedKey, pool).run({kEcho, "--", "agent after refused key"}, 10s).exitStatus, 0);

  ::unsetenv("SSH_AUTH_SOCK");
  ::kill(agent, SIGTERM);
  int status = 0;
  ::waitpid(agent, &status, 0);
}

TEST_F(SshTransportTest, UnreachableHosts) {
  RefusingPort refusing;
  SshTarget closedPort = sshd->target();
  closedPort.port = refusing.port();
  const GatewayError refused = errorOf([&] { SshTransport(closedPort, pool).run({kEcho}, 10s); });
  EXPECT_EQ(refused.kind(), ErrorKind::kUnreachable);
  EXPECT_FALSE(refused.mayHaveRun()) << "a connect failure sent nothing";

  SshTarget noDns = sshd->target();
  noDns.address = "georep-no-such-host.invalid";
  EXPECT_EQ(errorOf([&] { SshTransport(noDns, pool).run({kEcho}, 10s); }).kind(), ErrorKind::kUnreachable);

  // A server that accepts TCP but never speaks SSH: cut at the connect timeout.
  RefusingPort silent(true);
  auto quickPool = std::make_shared<SshSessionPool>(SshPoolOptions{4, 2, 1500ms, 300s});
  SshTarget mute = sshd->target();
  mute.port = silent.port();
  const auto start = std::chrono::steady_clock::now();
  const GatewayError e = errorOf([&] { SshTransport(mute, quickPool).run({kEcho}, 10s); });
  EXPECT_EQ(e.kind(), ErrorKind::kUnreachable) << e.what();
  EXPECT_GE(std::chrono::steady_clock::now() - start, 1400ms);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST_F(SshTransportTest, HungCommandIsCutAndTheRemoteProcessKilled) {
  SshTransport t(sshd->target(), pool);
  const std::string marker = "georep-ssh-timeout-" + std::to_string(::getpid());
  const auto start = std::chrono::steady_clock::now();
  const GatewayError e = errorOf([&] { t.run({kEcho, "--sleep", "60", "--", marker}, 1s); });
  EXPECT_EQ(e.kind(), ErrorKind::kTimeout) << e.what();
  EXPECT_TRUE(e.mayHaveRun());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 4s);
  // sshd delivers the SIGKILL of the "signal" channel request: the remote process is gone.
  for (int i = 0; i < 50 && !testing::processesWithMarker(marker).empty(); ++i) std::this_thread::sleep_for(100ms);
  EXPECT_TRUE(testing::processesWithMarker(marker).empty()) << "the remote command survived its timeout";
  // The transport is still usable.
  EXPECT_EQ(t.run({kEcho, "--", "after"}, 10s).exitStatus, 0);
}

TEST_F(SshTransportTest, ServerKilledAndRestartedReconnects) {
  SshTransport t(sshd->target(), pool);
  ASSERT_EQ(t.run({kEcho, "--", "before"}, 10s).exitStatus, 0);
  ASSERT_EQ(pool->idleSessions(), 1u);
  sshd->stop();
  EXPECT_EQ(errorOf([&] { t.run({kEcho, "--", "while down"}, 10s); }).kind(), ErrorKind::kUnreachable);
  sshd->start();
  const ExecResult r = t.run({kEcho, "--", "after"}, 10s);
  EXPECT_EQ(r.exitStatus, 0);
  EXPECT_EQ(testing::splitNul(r.out), std::vector<std::string>{"after"});

  // A cached session that died while idle is replaced transparently (one retry before sending).
  ASSERT_EQ(pool->idleSessions(), 1u);
  sshd->stop();
  sshd->start();
  EXPECT_EQ(t.run({kEcho, "--", "after restart"}, 10s).exitStatus, 0);
  EXPECT_EQ(pool->openSessions(), 1u);
}

TEST_F(SshTransportTest, ConnectionLostAfterSendingIsNotRetried) {
  SshTransport t(sshd->target(), pool);
  ASSERT_EQ(t.run({kEcho}, 10s).exitStatus, 0);
  const auto runs = sshd->dir() / "runs.log";
  std::thread killer([&] {
    std::this_thread::sleep_for(700ms);
    sshd->stop();
  });
  const GatewayError e = errorOf([&] {
    t.run({"/bin/sh", "-c", "echo ran >> \"$0\"; sleep 5", runs.string()}, 20s);
  });
  killer.join();
  EXPECT_EQ(e.kind(), ErrorKind::kUnreachable) << e.what();
  EXPECT_TRUE(mentions(e, "may or may not")) << e.what();
  EXPECT_TRUE(e.mayHaveRun());
  std::ifstream in(runs);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(all, "ran\n") << "the command must have run exactly once";
}

TEST_F(SshTransportTest, ConcurrentCommandsAreBounded) {
  auto bounded = std::make_shared<SshSessionPool>(SshPoolOptions{2, 2, 5s, 300s});
  SshTransport t(sshd->target(), bounded);
  std::atomic<int> ok{0};
  std::atomic<std::size_t> maxOpen{0};
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&, i] {
      const ExecResult r = t.run({kEcho, "--sleep", "0.4", "--", std::to_string(i)}, 30s);
      if (r.exitStatus == 0 && testing::splitNul(r.out) == std::vector<std::string>{std::to_string(i)}) ++ok;
      std::size_t open = bounded->openSessions();
      std::size_t seen = maxOpen.load();
      while (open > seen && !maxOpen.compare_exchange_weak(seen, open)) {
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 6);
  EXPECT_LE(maxOpen.load(), 2u);
  EXPECT_LE(bounded->openSessions(), 2u);
  // 6 commands of 0.4 s, 2 at a time: at least 3 rounds.
  EXPECT_GE(std::chrono::steady_clock::now() - start, 1200ms);
}

TEST_F(SshTransportTest, WaitingForABusySessionTimesOut) {
  auto single = std::make_shared<SshSessionPool>(SshPoolOptions{1, 1, 5s, 300s});
  SshTransport t(sshd->target(), single);
  std::thread busy([&] { t.run({kEcho, "--sleep", "2"}, 10s); });
  std::this_thread::sleep_for(500ms);
  const GatewayError e = errorOf([&] { t.run({kEcho}, 500ms); });
  EXPECT_EQ(e.kind(), ErrorKind::kTimeout) << e.what();
  EXPECT_TRUE(mentions(e, "no SSH session"));
  busy.join();
  EXPECT_EQ(t.run({kEcho}, 10s).exitStatus, 0);
}

// A fake gluster on the SSH host: a script printing a real capture, reached through the factory and
// ClusterGateway, after a first host that does not answer.
class Inventory : public api::Inventory {
 public:
  std::vector<api::Cluster> clusterList;
  std::vector<api::Host> hostList;
  std::vector<api::Cluster> clusters() const override { return clusterList; }
  std::optional<api::Cluster> clusterByName(std::string_view) const override { return clusterList.at(0); }
  std::optional<api::Cluster> clusterById(std::int64_t id) const override {
    if (id == clusterList.at(0).id) return clusterList[0];
    return std::nullopt;
  }
  std::vector<api::Host> hosts(std::int64_t) const override { return hostList; }
  void setHostState(std::int64_t id, api::HostState state) override {
    for (auto& h : hostList) {
      if (h.id == id) h.state = state;
    }
  }
};

TEST_F(SshTransportTest, ClusterGatewayOverSshFallsBackToTheAnsweringHost) {
  const auto script = sshd->dir() / "fake-gluster";
  {
    std::ofstream out(script);
    out << "#!/bin/sh\ncat '" << (testing::fixturesDir() / "status_detail_active.xml").string() << "'\n";
  }
  ::chmod(script.c_str(), 0755);
  Inventory inventory;
  inventory.clusterList = {api::Cluster{1, "lab", script.string(), "ssh"}};
  const SshTarget good = sshd->target();
  RefusingPort refusing;
  inventory.hostList = {
      api::Host{1, 1, "127.0.0.1", refusing.port(), good.user, good.keyPath, good.hostKeyFingerprint, api::HostState::kUp},
      api::Host{2, 1, "127.0.0.1", sshd->port(), good.user, good.keyPath, good.hostKeyFingerprint, api::HostState::kDown},
  };
  DefaultTransportFactory factory(inventory, SshPoolOptions{4, 2, 3s, 300s});
  ClusterGateway cluster(inventory, factory, 20s);
  const StatusReport report = cluster.withHost(inventory.clusterList[0],
                                               [](GlusterGateway& g, const api::Host&) { return g.status(); });
  ASSERT_EQ(report.sessions.size(), 1u);
  EXPECT_EQ(report.sessions[0].bricks.size(), 2u);
  EXPECT_EQ(inventory.hostList[0].state, api::HostState::kDown);
  EXPECT_EQ(inventory.hostList[1].state, api::HostState::kUp);
  EXPECT_EQ(factory.sshPool().openSessions(), 1u);
}

TEST_F(SshTransportTest, ClusterGatewayNeverResendsAnActionThatTimedOutOverSsh) {
  // A gluster that records each run and hangs: the stop reaches the first host, which does not answer
  // in time. The second host (same sshd) must not get the stop again.
  const auto runs = sshd->dir() / "stop-runs.log";
  const auto script = sshd->dir() / "hanging-gluster";
  {
    std::ofstream out(script);
    out << "#!/bin/sh\necho ran >> '" << runs.string() << "'\nsleep 30\n";
  }
  ::chmod(script.c_str(), 0755);
  Inventory inventory;
  inventory.clusterList = {api::Cluster{1, "lab", script.string(), "ssh"}};
  const SshTarget good = sshd->target();
  inventory.hostList = {
      api::Host{1, 1, "127.0.0.1", sshd->port(), good.user, good.keyPath, good.hostKeyFingerprint, api::HostState::kUp},
      api::Host{2, 1, "localhost", sshd->port(), good.user, good.keyPath, good.hostKeyFingerprint, api::HostState::kUp},
  };
  DefaultTransportFactory factory(inventory, SshPoolOptions{4, 2, 3s, 300s});
  ClusterGateway cluster(inventory, factory, 1s);
  const GatewayError e = errorOf([&] {
    cluster.withHost(inventory.clusterList[0], [](GlusterGateway& g, const api::Host&) {
      g.stop(SessionRef{"mastervol", "vm", "slavevol", "root"}, false);
    });
  });
  EXPECT_EQ(e.kind(), ErrorKind::kOutcomeUnknown) << e.what();
  EXPECT_TRUE(mentions(e, "127.0.0.1")) << e.what();
  std::ifstream in(runs);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(all, "ran\n") << "the stop was sent to another host";
  EXPECT_EQ(inventory.hostList[1].state, api::HostState::kUp) << "the second host was not even needed";
}

}  // namespace
}  // namespace georep::gluster
