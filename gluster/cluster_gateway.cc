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
                               std::chrono::milliseconds callTimeout, std::shared_ptr<HostKeyGuard> guard,
                               std::shared_ptr<QuietWindows> quiet)
    : inventory_(inventory),
      factory_(factory),
      callTimeout_(callTimeout),
      guard_(guard ? std::move(guard) : std::make_shared<HostKeyGuard>()),
      quiet_(quiet ? std::move(quiet) : std::make_shared<QuietWindows>()) {}

void ClusterGateway::run(const api::Cluster& cluster, const Operation& operation) {
  const QuietWindows::Call call = quiet_->enter(cluster.id);
  std::vector<api::Host> hosts = inventory_.hosts(cluster.id);
  std::stable_sort(hosts.begin(), hosts.end(), [](const api::Host& a, const api::Host& b) {
    return triageRank(a.state) < triageRank(b.state);
  });
  const std::string clusterName = printableValue(cluster.name);
  std::string failures;
  const auto addFailure = [&failures](const api::Host& host, const std::string& why) {
    failures += (failures.empty() ? "" : "; ") + printableValue(host.address) + ": " + why;
  };
  std::size_t skipped = 0;
  for (const api::Host& host : hosts) {
    if (host.state == api::HostState::kMaintenance) {
      ++skipped;
      continue;
    }
    const auto markState = [&](api::HostState state) {
      if (host.state != state) inventory_.setHostState(host.id, state);
    };
    if (const auto refused = guard_->refusalOf(host)) {
      addFailure(host, "host_key_mismatch: refused since it presented " + printableValue(refused->presented) +
                           " instead of the pinned " + printableValue(refused->pinned) + " (re-pin it to use it again)");
      continue;
    }
    std::shared_ptr<Transport> transport;
    try {
      transport = factory_.forHost(host);
    } catch (const GatewayError& e) {
      if (e.kind() != ErrorKind::kInvalidInput) throw;
      // A broken inventory entry (bad address, user, port or transport kind): try the next host.
      addFailure(host, e.what());
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
      const std::string why = std::string(errorKindName(e.kind())) + ": " + e.what();
      if (e.kind() == ErrorKind::kHostKeyMismatch) {
        guard_->refuse(HostKeyRefusal{host.id, cluster.name, host.address, host.hostKeyFingerprint, e.presentedKey()});
      } else if (gateway.actionSent() && e.mayHaveRun()) {
        throw GatewayError(ErrorKind::kOutcomeUnknown,
                           "the action was sent to " + printableValue(host.address) + " of cluster " + clusterName +
                               ", which failed before answering (" + why +
                               "); it may or may not have run, and was not sent to another host");
      }
      addFailure(host, why);
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

void ClusterGateway::onNode(const api::Cluster& cluster, const std::string& address, const NodeOperation& fn) {
  const QuietWindows::Call call = quiet_->enter(cluster.id);
  for (const api::Host& host : inventory_.hosts(cluster.id)) {
    if (host.address != address) continue;
    if (host.state == api::HostState::kMaintenance) {
      throw GatewayError(ErrorKind::kUnreachable, "host " + printableValue(address) + " is in maintenance");
    }
    if (const auto refused = guard_->refusalOf(host)) {
      throw GatewayError(ErrorKind::kHostKeyMismatch, "host " + printableValue(address) +
                                                          " is refused: it presented " +
                                                          printableValue(refused->presented) + " instead of the pinned " +
                                                          printableValue(refused->pinned));
    }
    std::shared_ptr<Transport> transport = factory_.forHost(host);
    try {
      fn(*transport, host);
    } catch (const GatewayError& e) {
      if (e.kind() == ErrorKind::kHostKeyMismatch) {
        guard_->refuse(HostKeyRefusal{host.id, cluster.name, host.address, host.hostKeyFingerprint, e.presentedKey()});
      }
      throw;
    }
    return;
  }
  throw GatewayError(ErrorKind::kUnreachable, "node " + printableValue(address) + " is not a host of cluster " +
                                                  printableValue(cluster.name) + " in the inventory");
}

}  // namespace georep::gluster
