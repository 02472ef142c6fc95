// HostKeyAlerts with a real PostgreSQL, the engine's PgInventory and the real ClusterGateway: a host-key
// mismatch raises georep.host.key_mismatch (alert) once, is stored in georep_refused_hosts, keeps the host
// refused after a restart (a new guard restored from the table), and re-pinning (host.remove + host.add)
// lifts it.
#include "sync-jobs/host_key_alerts.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "engine/src/inventory/pg_inventory.h"
#include "gluster/cluster_gateway.h"
#include "gluster/errors.h"
#include "support/fake_transport_factory.h"
#include "support/recording_event_bus.h"
#include "support/test_database.h"

namespace georep::testing {
namespace {

using gluster::ErrorKind;
using gluster::GatewayError;

// A well-formed SHA256 fingerprint made of one repeated base64 character.
std::string fingerprint(char c) { return "SHA256:" + std::string(43, c); }
const std::string kPinVm = fingerprint('A');
const std::string kPinVm2 = fingerprint('B');
const std::string kIntruder = fingerprint('X');
const std::string kRepinned = fingerprint('N');

class HostKeyAlertsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    api::Cluster c;
    c.name = "c1";
    c.transport = "local";
    cluster_ = inventory_.addCluster(c);
    for (const char* address : {"vm", "vm2"}) {
      api::Host h;
      h.address = address;
      h.hostKeyFingerprint = std::string(address) == "vm" ? kPinVm : kPinVm2;
      inventory_.addHost("c1", h);
    }
    factory_.transport("vm")->fail({"volume", "info"}, GatewayError(ErrorKind::kHostKeyMismatch, "mismatch")
                                                            .markNotSent()
                                                            .withPresentedKey(kIntruder));
    factory_.transport("vm2")->onFixture({"volume", "info"}, "volinfo.xml");
  }

  // A ClusterGateway as the plugin builds one at start: guard restored from the table.
  std::unique_ptr<gluster::ClusterGateway> startGateway(sync::HostKeyAlerts& alerts) {
    guard_ = std::make_shared<gluster::HostKeyGuard>(&alerts);
    guard_->restore(alerts.loadRefusals());
    return std::make_unique<gluster::ClusterGateway>(inventory_, factory_, std::chrono::seconds(5), guard_);
  }
  std::size_t volumeInfo(gluster::ClusterGateway& gw) {
    return gw.withHost(cluster_, [](gluster::GlusterGateway& g, const api::Host&) { return g.volumeInfo().size(); });
  }
  long long refusedRows() {
    api::DbLease lease = db_.database().lease(std::chrono::seconds(5));
    soci::session& sql = lease.sql();
    long long n = 0;
    sql << "SELECT count(*) FROM georep_refused_hosts", soci::into(n);
    return n;
  }

  TestDatabase db_{TestDatabase::Schema::kMigrated, 4};
  engine::PgInventory inventory_{db_.database()};
  api::Cluster cluster_;
  FakeTransportFactory factory_;
  RecordingEventBus events_;
  std::shared_ptr<gluster::HostKeyGuard> guard_;
};

TEST_F(HostKeyAlertsTest, MismatchAlertsOnceAndTheRefusalSurvivesARestartUntilRepinned) {
  sync::HostKeyAlerts alerts(db_.database(), events_);
  auto gw = startGateway(alerts);
  EXPECT_EQ(volumeInfo(*gw), 3u);  // vm refused, vm2 answers
  EXPECT_EQ(volumeInfo(*gw), 3u);
  ASSERT_EQ(events_.names(), std::vector<std::string>{"georep.host.key_mismatch"});
  const api::Event e = events_.events().at(0);
  EXPECT_EQ(e.severity, api::Severity::kAlert);
  EXPECT_EQ(e.body["cluster"], "c1");
  EXPECT_EQ(e.body["host"], "vm");
  EXPECT_EQ(e.body["pinned"], kPinVm);
  EXPECT_EQ(e.body["presented"], kIntruder);
  EXPECT_EQ(refusedRows(), 1);
  EXPECT_EQ(factory_.transport("vm")->callCount(), 1u);

  // Engine restart: a new guard from the table. vm now presents its pinned key again (the intruder
  // left), but it stays refused until an admin re-pins it.
  factory_.transport("vm")->clearRules();
  factory_.transport("vm")->onFixture({"volume", "info"}, "volinfo.xml");
  sync::HostKeyAlerts restartedAlerts(db_.database(), events_);
  auto restarted = startGateway(restartedAlerts);
  for (const auto& host : inventory_.hosts(cluster_.id)) inventory_.setHostState(host.id, api::HostState::kUnknown);
  EXPECT_EQ(volumeInfo(*restarted), 3u);  // vm first in inventory order, yet not contacted
  EXPECT_EQ(factory_.transport("vm")->callCount(), 1u) << "a refused host was contacted after a restart";

  // Re-pin: host.remove + host.add (a new id, the old row goes with the old host).
  inventory_.removeHost("c1", "vm");
  api::Host h;
  h.address = "vm";
  h.hostKeyFingerprint = kRepinned;
  inventory_.addHost("c1", h);
  EXPECT_EQ(refusedRows(), 0);
  factory_.transport("vm2")->clearRules();
  factory_.transport("vm2")->fail({"volume", "info"}, GatewayError(ErrorKind::kUnreachable, "down").markNotSent());
  EXPECT_EQ(volumeInfo(*restarted), 3u);  // answered by the re-pinned vm
  EXPECT_EQ(factory_.transport("vm")->callCount(), 2u);
  EXPECT_EQ(events_.names().size(), 1u);
}

}  // namespace
}  // namespace georep::testing
