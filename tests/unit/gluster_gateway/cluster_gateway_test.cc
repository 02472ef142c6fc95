// ClusterGateway: host order (Up first), fallback on transport errors only, host state updates, and the
// error naming every host tried, with FakeTransports behind a fake TransportFactory.
#include "gluster/cluster_gateway.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <mutex>

#include "engine/api/inventory.h"
#include "gluster/errors.h"
#include "support/fake_transport.h"

namespace georep::gluster {
namespace {

using api::HostState;
using testing::FakeTransport;

class FakeInventory : public api::Inventory {
 public:
  std::vector<api::Cluster> clusterList;
  std::vector<api::Host> hostList;
  std::vector<std::pair<std::int64_t, HostState>> stateChanges;

  std::vector<api::Cluster> clusters() const override { return clusterList; }
  std::optional<api::Cluster> clusterByName(std::string_view name) const override {
    for (const auto& c : clusterList) {
      if (c.name == name) return c;
    }
    return std::nullopt;
  }
  std::optional<api::Cluster> clusterById(std::int64_t id) const override {
    for (const auto& c : clusterList) {
      if (c.id == id) return c;
    }
    return std::nullopt;
  }
  std::vector<api::Host> hosts(std::int64_t clusterId) const override {
    std::vector<api::Host> out;
    for (const auto& h : hostList) {
      if (h.clusterId == clusterId) out.push_back(h);
    }
    return out;
  }
  void setHostState(std::int64_t hostId, HostState state) override {
    stateChanges.emplace_back(hostId, state);
    for (auto& h : hostList) {
      if (h.id == hostId) h.state = state;
    }
  }
  HostState stateOf(std::int64_t hostId) const {
    for (const auto& h : hostList) {
      if (h.id == hostId) return h.state;
    }
    return HostState::kUnknown;
  }
};

class FakeFactory : public TransportFactory {
 public:
  std::map<std::int64_t, std::shared_ptr<FakeTransport>> transports;
  std::vector<std::string> asked;  // host addresses, in order

  std::shared_ptr<Transport> forHost(const api::Host& host) override {
    asked.push_back(host.address);
    auto& t = transports[host.id];
    if (!t) t = std::make_shared<FakeTransport>();
    return t;
  }
};

class ClusterGatewayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    inventory.clusterList = {api::Cluster{7, "prod", "/usr/sbin/gluster", "ssh"}};
    inventory.hostList = {
        api::Host{1, 7, "node1", 22, "root", "", "", HostState::kDown},
        api::Host{2, 7, "node2", 22, "root", "", "", HostState::kUnknown},
        api::Host{3, 7, "node3", 22, "root", "", "", HostState::kUp},
    };
    for (std::int64_t id : {1, 2, 3}) factory.transports[id] = std::make_shared<FakeTransport>();
  }
  FakeTransport& transport(std::int64_t id) { return *factory.transports[id]; }
  const api::Cluster& cluster() const { return inventory.clusterList[0]; }

  FakeInventory inventory;
  FakeFactory factory;
  ClusterGateway gateway{inventory, factory};
};

std::size_t volumeCount(GlusterGateway& g, const api::Host&) { return g.volumeInfo().size(); }

TEST_F(ClusterGatewayTest, UpHostFirstAndResultReturned) {
  for (std::int64_t id : {1, 2, 3}) transport(id).onFixture({"volume", "info"}, "volinfo.xml");
  std::string answeredBy;
  const std::size_t n = gateway.withHost(cluster(), [&](GlusterGateway& g, const api::Host& h) {
    answeredBy = h.address;
    return volumeCount(g, h);
  });
  EXPECT_EQ(n, 3u);
  EXPECT_EQ(answeredBy, "node3");
  EXPECT_EQ(factory.asked, std::vector<std::string>{"node3"});
  EXPECT_TRUE(inventory.stateChanges.empty()) << "an Up host that answered is not rewritten";
  // The cluster's gluster executable is used.
  EXPECT_EQ(transport(3).calls().at(0).front(), "/usr/sbin/gluster");
}

TEST_F(ClusterGatewayTest, FallsBackOnTransportErrorsAndUpdatesStates) {
  transport(3).fail({"volume", "info"}, GatewayError(ErrorKind::kTimeout, "timed out"));
  transport(2).fail({"volume", "info"}, GatewayError(ErrorKind::kUnreachable, "connection refused"));
  transport(1).onFixture({"volume", "info"}, "volinfo.xml");
  const std::size_t n = gateway.withHost(cluster(), volumeCount);
  EXPECT_EQ(n, 3u);
  // Up, then Unknown, then Down.
  EXPECT_EQ(factory.asked, (std::vector<std::string>{"node3", "node2", "node1"}));
  EXPECT_EQ(inventory.stateOf(3), HostState::kDown);
  EXPECT_EQ(inventory.stateOf(2), HostState::kDown);
  EXPECT_EQ(inventory.stateOf(1), HostState::kUp);
}

TEST_F(ClusterGatewayTest, GlusterdRefusalIsAnAnswerNotAReasonToFallBack) {
  transport(2).onFixture({"--xml", "start"}, "err_start_started.xml");
  transport(3).fail({"--xml", "start"}, GatewayError(ErrorKind::kUnreachable, "no route").markNotSent());
  const SessionRef session{"mastervol", "vm", "slavevol", "root"};
  try {
    gateway.withHost(cluster(), [&](GlusterGateway& g, const api::Host&) { g.start(session, false); });
    FAIL() << "refusal swallowed";
  } catch (const GatewayError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kAlreadyStarted);
  }
  EXPECT_EQ(factory.asked, (std::vector<std::string>{"node3", "node2"}));
  EXPECT_EQ(transport(1).callCount(), 0u);
  EXPECT_EQ(inventory.stateOf(3), HostState::kDown);
  EXPECT_EQ(inventory.stateOf(2), HostState::kUp) << "the host that refused did answer";
}

TEST_F(ClusterGatewayTest, NoHostAnswersNamesEveryHost) {
  transport(1).fail({"volume"}, GatewayError(ErrorKind::kAuthFailed, "key refused"));
  transport(2).fail({"volume"}, GatewayError(ErrorKind::kHostKeyMismatch, "host key changed SHA256:abc"));
  transport(3).fail({"volume"}, GatewayError(ErrorKind::kUnreachable, "connection refused"));
  try {
    gateway.withHost(cluster(), volumeCount);
    FAIL();
  } catch (const GatewayError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUnreachable);
    const std::string m = e.what();
    for (const char* part : {"prod", "node1", "node2", "node3", "auth_failed", "key refused", "host_key_mismatch",
                             "SHA256:abc", "connection refused"}) {
      EXPECT_NE(m.find(part), std::string::npos) << part << " missing from: " << m;
    }
  }
  for (std::int64_t id : {1, 2, 3}) EXPECT_EQ(inventory.stateOf(id), HostState::kDown);
  // node1 was already Down: not rewritten.
  EXPECT_EQ(inventory.stateChanges.size(), 2u);
}

TEST_F(ClusterGatewayTest, MaintenanceHostsAreNeverContacted) {
  for (auto& h : inventory.hostList) h.state = HostState::kMaintenance;
  inventory.hostList[0].state = HostState::kDown;
  transport(1).fail({"volume"}, GatewayError(ErrorKind::kUnreachable, "down"));
  try {
    gateway.withHost(cluster(), volumeCount);
    FAIL();
  } catch (const GatewayError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUnreachable);
    EXPECT_NE(std::string(e.what()).find("2 host(s) in maintenance"), std::string::npos) << e.what();
  }
  EXPECT_EQ(factory.asked, std::vector<std::string>{"node1"});
  EXPECT_EQ(inventory.stateOf(2), HostState::kMaintenance);
}

TEST_F(ClusterGatewayTest, ClusterWithoutHosts) {
  inventory.hostList.clear();
  try {
    gateway.withHost(cluster(), volumeCount);
    FAIL();
  } catch (const GatewayError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUnreachable);
    EXPECT_NE(std::string(e.what()).find("no hosts"), std::string::npos);
  }
}

TEST_F(ClusterGatewayTest, InvalidInputStopsAtOnceWithoutStateChanges) {
  try {
    gateway.withHost(cluster(), [](GlusterGateway& g, const api::Host&) { g.status(std::string("bad;vol")); });
    FAIL();
  } catch (const GatewayError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInvalidInput);
    EXPECT_EQ(e.field(), "volume");
  }
  EXPECT_EQ(factory.asked.size(), 1u);
  EXPECT_TRUE(inventory.stateChanges.empty());
}

// ---------------------------------------------------------------- non-idempotent actions

const SessionRef kSession{"mastervol", "vm", "slavevol", "root"};

std::size_t stopsSent(FakeTransport& t) {
  std::size_t n = 0;
  for (const auto& argv : t.calls()) n += std::find(argv.begin(), argv.end(), "stop") != argv.end() ? 1 : 0;
  return n;
}

TEST_F(ClusterGatewayTest, ActionThatMayHaveRunIsNeverSentToAnotherHost) {
  // The first host took the stop and then timed out / lost the connection: it may have stopped the session.
  for (ErrorKind kind : {ErrorKind::kTimeout, ErrorKind::kUnreachable, ErrorKind::kExecFailed}) {
    SetUp();
    inventory.stateChanges.clear();
    factory.asked.clear();
    transport(3).fail({"--xml", "stop"}, GatewayError(kind, "connection lost while the command ran"));
    transport(2).onFixture({"--xml", "stop"}, "stop_ok.xml");
    transport(1).onFixture({"--xml", "stop"}, "stop_ok.xml");
    try {
      gateway.withHost(cluster(), [&](GlusterGateway& g, const api::Host&) { g.stop(kSession, false); });
      FAIL() << "the outcome was reported as known";
    } catch (const GatewayError& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kOutcomeUnknown);
      const std::string m = e.what();
      EXPECT_NE(m.find("node3"), std::string::npos) << m;
      EXPECT_NE(m.find("connection lost while the command ran"), std::string::npos) << m;
    }
    EXPECT_EQ(stopsSent(transport(3)), 1u);
    EXPECT_EQ(stopsSent(transport(2)), 0u) << errorKindName(kind) << ": stop re-sent to another host";
    EXPECT_EQ(stopsSent(transport(1)), 0u);
    EXPECT_EQ(inventory.stateOf(3), HostState::kDown);
  }
}

TEST_F(ClusterGatewayTest, ActionNotSentFallsBackToTheNextHost) {
  // Connect, authentication or no free session: the action never left, another host may run it.
  transport(3).fail({"--xml", "stop"}, GatewayError(ErrorKind::kUnreachable, "connection refused").markNotSent());
  transport(2).fail({"--xml", "stop"}, GatewayError(ErrorKind::kAuthFailed, "key refused").markNotSent());
  transport(1).onFixture({"--xml", "stop"}, "stop_ok.xml");
  gateway.withHost(cluster(), [&](GlusterGateway& g, const api::Host&) { g.stop(kSession, false); });
  EXPECT_EQ(stopsSent(transport(1)), 1u);
  EXPECT_EQ(inventory.stateOf(1), HostState::kUp);
}

TEST_F(ClusterGatewayTest, ReadAfterAnActionThatMayHaveRunIsNotRetriedElsewhereEither) {
  // An operation that ran an action and then failed a read on the same host: the action may have run.
  transport(3).onFixture({"--xml", "stop"}, "stop_ok.xml");
  transport(3).fail({"volume", "info"}, GatewayError(ErrorKind::kTimeout, "timed out"));
  transport(2).onFixture({"--xml", "stop"}, "stop_ok.xml");
  transport(2).onFixture({"volume", "info"}, "volinfo.xml");
  EXPECT_THROW(gateway.withHost(cluster(),
                                [&](GlusterGateway& g, const api::Host&) {
                                  g.stop(kSession, false);
                                  return g.volumeInfo().size();
                                }),
               GatewayError);
  EXPECT_EQ(stopsSent(transport(2)), 0u);
}

TEST_F(ClusterGatewayTest, ReadOnlyCallsStillFallBackAfterATimeout) {
  transport(3).fail({"geo-replication", "status"}, GatewayError(ErrorKind::kTimeout, "timed out"));
  transport(2).onFixture({"geo-replication", "status"}, "status_session.xml");
  const auto report = gateway.withHost(cluster(), [](GlusterGateway& g, const api::Host&) { return g.status(); });
  EXPECT_FALSE(report.sessions.empty());
}

// ---------------------------------------------------------------- host keys

struct RecordingObserver : HostKeyObserver {
  std::vector<HostKeyRefusal> mismatches;
  std::vector<HostKeyRefusal> repinned;
  void hostKeyMismatch(const HostKeyRefusal& r) override { mismatches.push_back(r); }
  void hostKeyRepinned(const HostKeyRefusal& r) override { repinned.push_back(r); }
};

TEST_F(ClusterGatewayTest, HostKeyMismatchRefusesTheHostUntilItIsRepinned) {
  RecordingObserver observer;
  auto guard = std::make_shared<HostKeyGuard>(&observer);
  ClusterGateway commands{inventory, factory, std::chrono::seconds(5), guard};
  ClusterGateway syncJob{inventory, factory, std::chrono::seconds(5), guard};
  inventory.hostList[2].hostKeyFingerprint = "SHA256:pinned";
  transport(3).fail({"volume", "info"}, GatewayError(ErrorKind::kHostKeyMismatch, "host key of node3 does not match")
                                            .markNotSent()
                                            .withPresentedKey("SHA256:presented"));
  transport(2).onFixture({"volume", "info"}, "volinfo.xml");

  // The host is refused and reported once; nothing was sent to it, so the next host answers.
  EXPECT_EQ(commands.withHost(cluster(), volumeCount), 3u);
  ASSERT_EQ(observer.mismatches.size(), 1u);
  const HostKeyRefusal& r = observer.mismatches[0];
  EXPECT_EQ(r.hostId, 3);
  EXPECT_EQ(r.cluster, "prod");
  EXPECT_EQ(r.address, "node3");
  EXPECT_EQ(r.pinned, "SHA256:pinned");
  EXPECT_EQ(r.presented, "SHA256:presented");

  // Later calls, from the commands or the sync job, never contact it again (it is Down, yet Down hosts
  // are otherwise still tried), and the alert is not repeated.
  inventory.hostList[1].state = HostState::kDown;
  transport(2).clearRules();
  transport(2).fail({"volume", "info"}, GatewayError(ErrorKind::kUnreachable, "down").markNotSent());
  transport(1).onFixture({"volume", "info"}, "volinfo.xml");
  const std::size_t before = transport(3).callCount();
  EXPECT_EQ(syncJob.withHost(cluster(), volumeCount), 3u);
  EXPECT_EQ(commands.withHost(cluster(), volumeCount), 3u);
  EXPECT_EQ(transport(3).callCount(), before);
  EXPECT_EQ(observer.mismatches.size(), 1u);

  // Every other host failing: the error names the refusal.
  transport(1).clearRules();
  transport(1).fail({"volume", "info"}, GatewayError(ErrorKind::kUnreachable, "down").markNotSent());
  try {
    commands.withHost(cluster(), volumeCount);
    FAIL();
  } catch (const GatewayError& e) {
    EXPECT_NE(std::string(e.what()).find("SHA256:presented"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("re-pin"), std::string::npos) << e.what();
  }
  EXPECT_EQ(transport(3).callCount(), before);

  // The admin re-pins the host: it is contacted again.
  inventory.hostList[2].hostKeyFingerprint = "SHA256:presented";
  transport(3).clearRules();
  transport(3).onFixture({"volume", "info"}, "volinfo.xml");
  EXPECT_EQ(commands.withHost(cluster(), volumeCount), 3u);
  EXPECT_GT(transport(3).callCount(), before);
  ASSERT_EQ(observer.repinned.size(), 1u);
  EXPECT_EQ(observer.repinned[0].hostId, 3);
}

TEST_F(ClusterGatewayTest, RestoredRefusalHoldsWhileThePinIsUnchanged) {
  auto guard = std::make_shared<HostKeyGuard>();
  guard->restore({HostKeyRefusal{3, "prod", "node3", "", "SHA256:presented"}});
  ClusterGateway restarted{inventory, factory, std::chrono::seconds(5), guard};
  transport(2).onFixture({"volume", "info"}, "volinfo.xml");
  EXPECT_EQ(restarted.withHost(cluster(), volumeCount), 3u);
  EXPECT_EQ(transport(3).callCount(), 0u);
}

TEST_F(ClusterGatewayTest, NonGlusterExceptionsPropagate) {
  EXPECT_THROW(gateway.withHost(cluster(), [](GlusterGateway&, const api::Host&) -> int { throw std::logic_error("x"); }),
               std::logic_error);
  EXPECT_TRUE(inventory.stateChanges.empty());
}

}  // namespace
}  // namespace georep::gluster
