#include "gluster/cluster_gateway.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/api/inventory.h"
#include "gluster/errors.h"
#include "gluster/input_validation.h"

namespace georep::gluster {
namespace {

int triageRank(api::HostState state) {
  switch (state) {
    case api::HostState::kUp: return 0;
    case api::HostState::kUnknown: return 1;
    case api::HostState::kDown: return 2;
    case api::HostState::kMaintenance: return 3;
  }
  return 3;
}

}  // namespace

ClusterGateway::ClusterGateway(api::Inventory& inventory, TransportFactory& factory,
                               std::chrono::milliseconds callTimeout)
    : inventory_(inventory), factory_(factory), callTimeout_(callTimeout) {}

void ClusterGateway::run(const api::Cluster& cluster, const Operation& operation) {
  std::vector<api::Host> hosts = inventory_.hosts(cluster.id);
  std::stable_sort(hosts.begin(), hosts.end(), [](const api::Host& a, const api::Host& b) {
    return triageRank(a.state) < triageRank(b.state);
  });
  const std::string clusterName = printableValue(cluster.name);
  std::string failures;
  std::size_t skipped = 0;
  for (const api::Host& host : hosts) {
    if (host.state == api::HostState::kMaintenance) {
      ++skipped;
      continue;
    }
    const auto markState = [&](api::HostState state) {
      if (host.state != state) inventory_.setHostState(host.id, state);
    };
    std::shared_ptr<Transport> transport;
    try {
      transport = factory_.forHost(host);
    } catch (const GatewayError& e) {
      if (e.kind() != ErrorKind::kInvalidInput) throw;
      // A broken inventory entry (bad address, user, port or transport kind): try the next host.
      failures += (failures.empty() ? "" : "; ") + printableValue(host.address) + ": " + e.what();
      continue;
    }
    GlusterGateway gateway(std::move(transport), GatewayOptions{cluster.glusterCommand, callTimeout_});
    try {
      operation(gateway, host);
    } catch (const GatewayError& e) {
      if (e.kind() == ErrorKind::kInvalidInput) throw;  // refused before anything was sent
      if (!e.isTransport()) {
        markState(api::HostState::kUp);  // glusterd answered: the host is up, and the answer stands
        throw;
      }
      markState(api::HostState::kDown);
      failures += (failures.empty() ? "" : "; ") + printableValue(host.address) + ": " +
                  std::string(errorKindName(e.kind())) + ": " + e.what();
      continue;
    }
    markState(api::HostState::kUp);
    return;
  }
  std::string message = "no host of cluster " + clusterName + " answered";
  if (hosts.empty()) message = "cluster " + clusterName + " has no hosts";
  if (!failures.empty()) message += ": " + failures;
  if (skipped > 0) message += " (" + std::to_string(skipped) + " host(s) in maintenance not tried)";
  throw GatewayError(ErrorKind::kUnreachable, message);
}

}  // namespace georep::gluster
