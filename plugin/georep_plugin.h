// GeorepPlugin: the plugin object the engine creates through the exported factory (georep_plugin.cc).
// start() builds the gluster access (DefaultTransportFactory + ClusterGateway over the engine's
// inventory), the command dependencies (DAOs, options) and registers every command; the sync job is
// wired in the marked place. stop() drops every registration first (the bus waits for running handlers),
// then the objects they used, so that no plugin code runs after it returns. Symmetric: start() after
// stop() works again.
// Thread-safety: the engine calls start()/stop() from one thread, never concurrently.
#pragma once

#include <memory>
#include <vector>

#include "engine/api/plugin.h"

namespace georep::gluster {
class ClusterGateway;
class HostKeyGuard;
class QuietWindows;
class TransportFactory;
}  // namespace georep::gluster

namespace georep::commands {
struct CommandDeps;
}

namespace georep::sync {  // sync job wiring (owner: sync)
class HostKeyAlerts;
class SyncService;
}

namespace georep::dr {  // DR scheduler wiring (owner: dr)
class DrScheduler;
struct DrNodeServices;
}

namespace georep::plugin {

class GeorepPlugin : public api::Plugin {
 public:
  GeorepPlugin();
  ~GeorepPlugin() override;

  void start(api::HostServices& host) override;
  void stop() override;

 private:
  // Hosts refused for a host-key mismatch, shared by both gateways; alerts raised and refusals stored by
  // hostKeyAlerts_ (sync-jobs/host_key_alerts.h).
  std::unique_ptr<sync::HostKeyAlerts> hostKeyAlerts_;
  std::shared_ptr<gluster::HostKeyGuard> hostKeys_;
  std::shared_ptr<gluster::QuietWindows> quietWindows_;  // hook windows, shared by both gateways
  std::unique_ptr<gluster::TransportFactory> transports_;
  std::unique_ptr<gluster::ClusterGateway> clusters_;
  std::unique_ptr<commands::CommandDeps> deps_;
  std::vector<api::Registration> registrations_;  // commands
  std::vector<api::Registration> routes_;         // REST routes over the commands
  // --- sync job wiring (owner: sync): its own ClusterGateway (per-call timeout from the sync options)
  // --- and the service, which holds its jobs, subscription and georep.sync.now registration.
  std::unique_ptr<gluster::ClusterGateway> syncClusters_;
  std::unique_ptr<sync::SyncService> sync_;
  // --- DR scheduler wiring (owner: dr; dr/jobs/dr_scheduler.h)
  std::unique_ptr<dr::DrNodeServices> drNodes_;  // hooks and the root touch: node access, allow-list
  std::unique_ptr<dr::DrScheduler> drScheduler_;
};

}  // namespace georep::plugin
