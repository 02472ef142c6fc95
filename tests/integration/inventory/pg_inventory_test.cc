// PgInventory on a real PostgreSQL: what is stored, what is refused (and that a refusal writes nothing),
// conflicts, not-found, cascade on forced removal, concurrent adds.
#include "engine/src/inventory/pg_inventory.h"

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "engine/api/command_error.h"
#include "support/test_database.h"

namespace georep::engine {
namespace {

constexpr const char* kFingerprint = "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8";

// Runs fn and returns the CommandError it threw (fails the test when it throws nothing else).
api::CommandError errorOf(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const api::CommandError& e) {
    return e;
  }
  ADD_FAILURE() << "expected a CommandError";
  return api::CommandError(api::ErrorCode::kInternal, "none");
}

class PgInventoryTest : public ::testing::Test {
 protected:
  long long count(const std::string& table) {
    auto lease = db_.database().lease(std::chrono::seconds(10));
    soci::session& sql = lease.sql();
    long long n = 0;
    sql << "SELECT count(*) FROM " + table, soci::into(n);
    return n;
  }

  api::Cluster cluster(const std::string& name, const std::string& transport = "ssh") {
    api::Cluster c;
    c.name = name;
    c.transport = transport;
    return inventory_.addCluster(c);
  }

  api::Host host(const std::string& address) {
    api::Host h;
    h.address = address;
    h.hostKeyFingerprint = kFingerprint;
    return h;
  }

  testing::TestDatabase db_{testing::TestDatabase::Schema::kEngine};
  PgInventory inventory_{db_.database()};
};

TEST_F(PgInventoryTest, AddedClustersAreListedInOrderWithDefaults) {
  api::Cluster custom;
  custom.name = "dr-site.2";
  custom.glusterCommand = "/usr/sbin/gluster";
  custom.transport = "local";
  const api::Cluster a = cluster("prod");
  const api::Cluster b = inventory_.addCluster(custom);
  EXPECT_GT(a.id, 0);
  EXPECT_GT(b.id, a.id);

  const auto all = inventory_.clusters();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "prod");
  EXPECT_EQ(all[0].glusterCommand, "gluster");
  EXPECT_EQ(all[0].transport, "ssh");
  EXPECT_EQ(all[1].name, "dr-site.2");
  EXPECT_EQ(all[1].glusterCommand, "/usr/sbin/gluster");
  EXPECT_EQ(all[1].transport, "local");

  ASSERT_TRUE(inventory_.clusterByName("dr-site.2"));
  EXPECT_EQ(inventory_.clusterByName("dr-site.2")->id, b.id);
  ASSERT_TRUE(inventory_.clusterById(a.id));
  EXPECT_EQ(inventory_.clusterById(a.id)->name, "prod");
  EXPECT_FALSE(inventory_.clusterByName("nope"));
  EXPECT_FALSE(inventory_.clusterById(b.id + 100));
}

TEST_F(PgInventoryTest, DuplicateClusterIsAConflictAndKeepsTheFirst) {
  cluster("prod", "local");
  const auto e = errorOf([&] { cluster("prod", "ssh"); });
  EXPECT_EQ(e.code(), api::ErrorCode::kConflict);
  EXPECT_NE(std::string(e.what()).find("prod"), std::string::npos);
  EXPECT_EQ(count("clusters"), 1);
  EXPECT_EQ(inventory_.clusterByName("prod")->transport, "local");
}

TEST_F(PgInventoryTest, BadClusterInputIsRefusedNamingTheFieldAndNothingIsWritten) {
  for (const std::string& name : std::vector<std::string>{"", "bad name", "a;rm -rf /", "-x", "$(id)", "x`id`", ".hidden",
                                 std::string(65, 'a'), "new\nline"}) {
    api::Cluster c;
    c.name = name;
    const auto e = errorOf([&] { inventory_.addCluster(c); });
    EXPECT_EQ(e.code(), api::ErrorCode::kInvalidArgument) << name;
    EXPECT_EQ(e.field(), "name") << name;
  }
  for (const std::string& command : std::vector<std::string>{"", "gluster; rm -rf /", "../gluster", "bin/gluster", "-gluster",
                                    "/usr/sbin/gluster --mode=script", "/usr/../sbin/gluster", "glu|ster"}) {
    api::Cluster c;
    c.name = "prod";
    c.glusterCommand = command;
    const auto e = errorOf([&] { inventory_.addCluster(c); });
    EXPECT_EQ(e.code(), api::ErrorCode::kInvalidArgument) << command;
    EXPECT_EQ(e.field(), "gluster_command") << command;
  }
  api::Cluster c;
  c.name = "prod";
  c.transport = "telnet";
  const auto e = errorOf([&] { inventory_.addCluster(c); });
  EXPECT_EQ(e.field(), "transport");
  EXPECT_EQ(count("clusters"), 0);
}

TEST_F(PgInventoryTest, AddedHostsAreStoredWithEveryField) {
  const api::Cluster prod = cluster("prod");
  api::Host h = host("gluster-1.example.com");
  h.sshPort = 2222;
  h.sshUser = "geoaccount";
  h.sshKeyPath = "/etc/georep/keys/id_ed25519";
  const api::Host added = inventory_.addHost("prod", h);
  inventory_.addHost("prod", host("10.0.0.2"));
  inventory_.addHost("prod", host("fe80::1"));

  const auto hosts = inventory_.hosts(prod.id);
  ASSERT_EQ(hosts.size(), 3u);
  EXPECT_EQ(hosts[0].id, added.id);
  EXPECT_EQ(hosts[0].clusterId, prod.id);
  EXPECT_EQ(hosts[0].address, "gluster-1.example.com");
  EXPECT_EQ(hosts[0].sshPort, 2222);
  EXPECT_EQ(hosts[0].sshUser, "geoaccount");
  EXPECT_EQ(hosts[0].sshKeyPath, "/etc/georep/keys/id_ed25519");
  EXPECT_EQ(hosts[0].hostKeyFingerprint, kFingerprint);
  EXPECT_EQ(hosts[0].state, api::HostState::kUnknown);
  EXPECT_EQ(hosts[1].address, "10.0.0.2");
  EXPECT_EQ(hosts[1].sshPort, 22);
  EXPECT_EQ(hosts[1].sshUser, "root");
  EXPECT_EQ(hosts[1].sshKeyPath, "");
  EXPECT_EQ(hosts[2].address, "fe80::1");
}

TEST_F(PgInventoryTest, SshHostsNeedAPinnedFingerprintLocalOnesDoNot) {
  cluster("prod", "ssh");
  cluster("lab", "local");
  api::Host h;
  h.address = "node1";
  const auto e = errorOf([&] { inventory_.addHost("prod", h); });
  EXPECT_EQ(e.code(), api::ErrorCode::kInvalidArgument);
  EXPECT_EQ(e.field(), "host_key_fingerprint");
  EXPECT_NE(std::string(e.what()).find("ssh-keygen"), std::string::npos);
  EXPECT_EQ(count("hosts"), 0);

  EXPECT_NO_THROW(inventory_.addHost("lab", h));
  EXPECT_EQ(count("hosts"), 1);
}

TEST_F(PgInventoryTest, BadHostInputIsRefusedNamingTheFieldAndNothingIsWritten) {
  cluster("prod");
  struct Case {
    std::string field;
    std::function<void(api::Host&)> spoil;
  };
  const std::vector<Case> cases = {
      {"address", [](api::Host& h) { h.address = ""; }},
      {"address", [](api::Host& h) { h.address = "node1;reboot"; }},
      {"address", [](api::Host& h) { h.address = "node 1"; }},
      {"address", [](api::Host& h) { h.address = "-oProxyCommand=sh"; }},
      {"address", [](api::Host& h) { h.address = "node..example"; }},
      {"address", [](api::Host& h) { h.address = "10.0.0.999"; }},
      {"address", [](api::Host& h) { h.address = "$(reboot)"; }},
      {"address", [](api::Host& h) { h.address = std::string(254, 'a'); }},
      {"ssh_port", [](api::Host& h) { h.sshPort = 0; }},
      {"ssh_port", [](api::Host& h) { h.sshPort = 65536; }},
      {"ssh_user", [](api::Host& h) { h.sshUser = ""; }},
      {"ssh_user", [](api::Host& h) { h.sshUser = "root;id"; }},
      {"ssh_user", [](api::Host& h) { h.sshUser = "-l"; }},
      {"ssh_user", [](api::Host& h) { h.sshUser = "a b"; }},
      {"ssh_key_path", [](api::Host& h) { h.sshKeyPath = "keys/id_rsa"; }},
      {"ssh_key_path", [](api::Host& h) { h.sshKeyPath = "/etc/../root/.ssh/id_rsa"; }},
      {"ssh_key_path", [](api::Host& h) { h.sshKeyPath = "/key with space"; }},
      {"ssh_key_path", [](api::Host& h) { h.sshKeyPath = "/key;rm"; }},
      {"ssh_key_path",
       [](api::Host& h) { h.sshKeyPath = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n"; }},
      {"host_key_fingerprint", [](api::Host& h) { h.hostKeyFingerprint = "MD5:12:34:56"; }},
      {"host_key_fingerprint", [](api::Host& h) { h.hostKeyFingerprint = "SHA256:short"; }},
      {"host_key_fingerprint",
       [](api::Host& h) { h.hostKeyFingerprint = "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8;"; }},
  };
  for (const auto& c : cases) {
    api::Host h = host("node1");
    c.spoil(h);
    const auto e = errorOf([&] { inventory_.addHost("prod", h); });
    EXPECT_EQ(e.code(), api::ErrorCode::kInvalidArgument) << c.field << " " << h.address;
    EXPECT_EQ(e.field(), c.field) << e.what();
  }
  const auto e = errorOf([&] { inventory_.addHost("bad cluster", host("node1")); });
  EXPECT_EQ(e.field(), "cluster");
  EXPECT_EQ(count("hosts"), 0);
}

TEST_F(PgInventoryTest, KeyMaterialIsRefusedWithAMessageSayingOnlyAPathIsStored) {
  cluster("prod");
  api::Host h = host("node1");
  h.sshKeyPath = "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
  const auto e = errorOf([&] { inventory_.addHost("prod", h); });
  EXPECT_EQ(e.field(), "ssh_key_path");
  EXPECT_NE(std::string(e.what()).find("never stored"), std::string::npos);
  EXPECT_EQ(std::string(e.what()).find("AAAA"), std::string::npos) << "the error must not echo key material";
  EXPECT_EQ(count("hosts"), 0);
}

TEST_F(PgInventoryTest, DuplicateHostIsAConflictButTheSameAddressMayServeTwoClusters) {
  cluster("prod");
  cluster("dr");
  inventory_.addHost("prod", host("node1"));
  const auto e = errorOf([&] { inventory_.addHost("prod", host("node1")); });
  EXPECT_EQ(e.code(), api::ErrorCode::kConflict);
  EXPECT_NO_THROW(inventory_.addHost("dr", host("node1")));
  EXPECT_EQ(count("hosts"), 2);
}

TEST_F(PgInventoryTest, UnknownClusterOrHostIsNotFound) {
  EXPECT_EQ(errorOf([&] { inventory_.addHost("prod", host("node1")); }).code(), api::ErrorCode::kNotFound);
  EXPECT_EQ(errorOf([&] { inventory_.removeCluster("prod", false); }).code(), api::ErrorCode::kNotFound);
  EXPECT_EQ(errorOf([&] { inventory_.removeHost("prod", "node1"); }).code(), api::ErrorCode::kNotFound);
  EXPECT_EQ(errorOf([&] { inventory_.hostEntries(std::string_view("prod")); }).code(), api::ErrorCode::kNotFound);
  cluster("prod");
  const auto e = errorOf([&] { inventory_.removeHost("prod", "node1"); });
  EXPECT_EQ(e.code(), api::ErrorCode::kNotFound);
  EXPECT_NE(std::string(e.what()).find("node1"), std::string::npos);
}

TEST_F(PgInventoryTest, RemovingAHostLeavesTheOthers) {
  const api::Cluster prod = cluster("prod");
  inventory_.addHost("prod", host("node1"));
  inventory_.addHost("prod", host("node2"));
  inventory_.removeHost("prod", "node1");
  const auto hosts = inventory_.hosts(prod.id);
  ASSERT_EQ(hosts.size(), 1u);
  EXPECT_EQ(hosts[0].address, "node2");
}

TEST_F(PgInventoryTest, AClusterWithHostsIsRemovedOnlyWithForce) {
  cluster("prod");
  cluster("dr");
  inventory_.addHost("prod", host("node1"));
  inventory_.addHost("dr", host("node9"));
  const auto e = errorOf([&] { inventory_.removeCluster("prod", false); });
  EXPECT_EQ(e.code(), api::ErrorCode::kConflict);
  EXPECT_EQ(e.details().value("hosts", 0), 1);
  EXPECT_EQ(count("clusters"), 2);
  EXPECT_EQ(count("hosts"), 2);

  inventory_.removeCluster("prod", true);
  EXPECT_FALSE(inventory_.clusterByName("prod"));
  EXPECT_EQ(count("hosts"), 1);

  inventory_.removeHost("dr", "node9");
  inventory_.removeCluster("dr", false);
  EXPECT_EQ(count("clusters"), 0);
}

TEST_F(PgInventoryTest, HostEntriesSpanClustersByNameThenId) {
  cluster("b-site");
  cluster("a-site");
  inventory_.addHost("b-site", host("node1"));
  inventory_.addHost("a-site", host("node2"));
  inventory_.addHost("a-site", host("node3"));
  const auto all = inventory_.hostEntries(std::nullopt);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].clusterName, "a-site");
  EXPECT_EQ(all[0].host.address, "node2");
  EXPECT_EQ(all[1].host.address, "node3");
  EXPECT_EQ(all[2].clusterName, "b-site");
  const auto one = inventory_.hostEntries(std::string_view("b-site"));
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].host.address, "node1");
}

TEST_F(PgInventoryTest, HostStateIsRecordedAndAVanishedHostIsIgnored) {
  const api::Cluster prod = cluster("prod");
  const api::Host h = inventory_.addHost("prod", host("node1"));
  inventory_.setHostState(h.id, api::HostState::kDown);
  EXPECT_EQ(inventory_.hosts(prod.id).at(0).state, api::HostState::kDown);
  inventory_.setHostState(h.id, api::HostState::kUp);
  EXPECT_EQ(inventory_.hosts(prod.id).at(0).state, api::HostState::kUp);
  EXPECT_NO_THROW(inventory_.setHostState(h.id + 1000, api::HostState::kDown));
}

TEST_F(PgInventoryTest, ConcurrentAddsOfOneNameCreateExactlyOneCluster) {
  constexpr int kThreads = 8;
  std::atomic<int> added{0}, conflicts{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      try {
        cluster("prod");
        ++added;
      } catch (const api::CommandError& e) {
        (e.code() == api::ErrorCode::kConflict ? conflicts : other)++;
      } catch (...) {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(added, 1);
  EXPECT_EQ(conflicts, kThreads - 1);
  EXPECT_EQ(other, 0);
  EXPECT_EQ(count("clusters"), 1);
}

}  // namespace
}  // namespace georep::engine
