// ClusterGateway: host order (Up first), fallback on transport errors only, host state updates, and the
// error naming every host tried, with FakeTransports behind a fake TransportFactory.
#include "gluster/cluster_gateway.h"

#include <gtest/gtest.h>

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
  transport(3).fail({"--xml", "start"}, GatewayError(ErrorKind::kUnreachable, "no route"));
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

TEST_F(ClusterGatewayTest, NonGlusterExceptionsPropagate) {
  EXPECT_THROW(gateway.withHost(cluster(), [](GlusterGateway&, const api::Host&) -> int { throw std::logic_error("x"); }),
               std::logic_error);
  EXPECT_TRUE(inventory.stateChanges.empty());
}

}  // namespace
}  // namespace georep::gluster
