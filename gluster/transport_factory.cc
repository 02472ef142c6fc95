#include "gluster/transport_factory.h"

#include "engine/api/inventory.h"
#include "gluster/errors.h"
#include "gluster/input_validation.h"
#include "gluster/local_transport.h"
#include "gluster/ssh_transport.h"

namespace georep::gluster {

DefaultTransportFactory::DefaultTransportFactory(const api::Inventory& inventory, SshPoolOptions sshOptions)
    : inventory_(inventory),
      pool_(std::make_shared<SshSessionPool>(sshOptions)),
      local_(std::make_shared<LocalTransport>()) {}

DefaultTransportFactory::~DefaultTransportFactory() = default;

std::shared_ptr<Transport> DefaultTransportFactory::forHost(const api::Host& host) {
  const auto cluster = inventory_.clusterById(host.clusterId);
  if (!cluster) {
    throw GatewayError(ErrorKind::kInvalidInput,
                       "host " + printableValue(host.address) + " belongs to no known cluster (id " +
                           std::to_string(host.clusterId) + ")",
                       0, 0, "cluster");
  }
  if (cluster->transport == "local") return local_;
  if (cluster->transport != "ssh") {
    throw GatewayError(ErrorKind::kInvalidInput,
                       "cluster " + printableValue(cluster->name) + " has an unknown transport '" +
                           printableValue(cluster->transport) + "' (expected ssh or local)",
                       0, 0, "transport");
  }
  SshTarget target = SshTarget::fromHost(host);
  std::shared_ptr<SshTransport> replaced;
  std::shared_ptr<SshTransport> transport;
  {
    std::lock_guard lock(mutex_);
    auto& slot = ssh_[host.id];
    if (slot && slot->target().identity() == target.identity()) return slot;
    replaced = std::move(slot);
    slot = std::make_shared<SshTransport>(std::move(target), pool_);
    transport = slot;
  }
  if (replaced) pool_->closeIdle(replaced->target());
  return transport;
}

}  // namespace georep::gluster
