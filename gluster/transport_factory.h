// DefaultTransportFactory: the Transport for a host, by its cluster's transport kind ("ssh" or
// "local", engine/api/inventory.h). SSH transports are cached per host id; when the host's connection
// parameters change in the inventory (address, port, user, key, pinned fingerprint) the transport is
// replaced and the old parameters' idle sessions are closed. All share one SshSessionPool, which keeps one session per host and bounds the number of
// concurrent sessions. "local" runs the argv on this machine (LocalTransport, no shell).
// Unknown cluster or transport kind, or an invalid host entry: GatewayError kInvalidInput.
// Thread-safety: forHost() may be called concurrently; the inventory must outlive the factory.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "gluster/ssh_session_pool.h"
#include "gluster/transport.h"

namespace georep::api {
class Inventory;
}

namespace georep::gluster {

class LocalTransport;
class SshTransport;

class DefaultTransportFactory : public TransportFactory {
 public:
  explicit DefaultTransportFactory(const api::Inventory& inventory, SshPoolOptions sshOptions = {});
  ~DefaultTransportFactory() override;

  std::shared_ptr<Transport> forHost(const api::Host& host) override;

  SshSessionPool& sshPool() { return *pool_; }

 private:
  const api::Inventory& inventory_;
  std::shared_ptr<SshSessionPool> pool_;
  std::shared_ptr<LocalTransport> local_;
  std::mutex mutex_;
  std::map<std::int64_t, std::shared_ptr<SshTransport>> ssh_;  // by host id
};

}  // namespace georep::gluster
