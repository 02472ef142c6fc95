// DefaultTransportFactory: transport kind per cluster, SSH transports cached per host and connection
// parameters, invalid inventory entries refused. No connection is made here.
#include "gluster/transport_factory.h"

#include <gtest/gtest.h>

#include "engine/api/inventory.h"
#include "gluster/errors.h"
#include "gluster/local_transport.h"
#include "gluster/ssh_transport.h"

namespace georep::gluster {
namespace {

class Inventory : public api::Inventory {
 public:
  std::vector<api::Cluster> list{{1, "remote", "gluster", "ssh"}, {2, "here", "gluster", "local"}, {3, "odd", "gluster", "telnet"}};
  std::vector<api::Cluster> clusters() const override { return list; }
  std::optional<api::Cluster> clusterByName(std::string_view name) const override {
    for (const auto& c : list) {
      if (c.name == name) return c;
    }
    return std::nullopt;
  }
  std::optional<api::Cluster> clusterById(std::int64_t id) const override {
    for (const auto& c : list) {
      if (c.id == id) return c;
    }
    return std::nullopt;
  }
  std::vector<api::Host> hosts(std::int64_t) const override { return {}; }
  void setHostState(std::int64_t, api::HostState) override {}
};

api::Host host(std::int64_t cluster, std::string address, std::string pin = "SHA256:abc") {
  return api::Host{10, cluster, std::move(address), 22, "root", "/etc/georep/id_ed25519", std::move(pin)};
}

GatewayError errorOf(DefaultTransportFactory& f, const api::Host& h) {
  try {
    f.forHost(h);
  } catch (const GatewayError& e) {
    return e;
  }
  ADD_FAILURE() << "accepted";
  return GatewayError(ErrorKind::kRefused, "none");
}

TEST(TransportFactory, SshTransportsAreCachedPerConnectionParameters) {
  Inventory inventory;
  DefaultTransportFactory f(inventory);
  auto a = f.forHost(host(1, "node1"));
  ASSERT_NE(dynamic_cast<SshTransport*>(a.get()), nullptr);
  EXPECT_EQ(a, f.forHost(host(1, "node1")));
  EXPECT_EQ(dynamic_cast<SshTransport*>(a.get())->target().display(), "root@node1:22");
  api::Host other = host(1, "node2");
  other.id = 11;
  EXPECT_NE(a, f.forHost(other));
  // The host was re-pinned in the inventory: a new transport with the new pin.
  auto repinned = f.forHost(host(1, "node1", "SHA256:re-pinned"));
  EXPECT_NE(a, repinned);
  EXPECT_EQ(dynamic_cast<SshTransport*>(repinned.get())->target().hostKeyFingerprint, "SHA256:re-pinned");
  EXPECT_EQ(repinned, f.forHost(host(1, "node1", "SHA256:re-pinned")));
  EXPECT_EQ(f.sshPool().openSessions(), 0u);  // nothing connects before a command runs
}

TEST(TransportFactory, LocalClusters) {
  Inventory inventory;
  DefaultTransportFactory f(inventory);
  auto t = f.forHost(host(2, "whatever"));
  EXPECT_NE(dynamic_cast<LocalTransport*>(t.get()), nullptr);
}

TEST(TransportFactory, InvalidEntriesAreRefused) {
  Inventory inventory;
  DefaultTransportFactory f(inventory);
  EXPECT_EQ(errorOf(f, host(3, "node1")).field(), "transport");
  EXPECT_EQ(errorOf(f, host(99, "node1")).field(), "cluster");
  EXPECT_EQ(errorOf(f, host(1, "node1;reboot")).field(), "address");
  api::Host badUser = host(1, "node1");
  badUser.sshUser = "-oProxyCommand=x";
  EXPECT_EQ(errorOf(f, badUser).field(), "ssh_user");
  api::Host badPort = host(1, "node1");
  badPort.sshPort = 0;
  EXPECT_EQ(errorOf(f, badPort).field(), "ssh_port");
}

}  // namespace
}  // namespace georep::gluster
