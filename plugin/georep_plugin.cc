// The plugin's entry point: GeorepPlugin (georep_plugin.h) and the two symbols the engine looks up with
// Boost.DLL — the factory (api::kFactorySymbol) and the ABI version (api::kAbiVersionSymbol).
#include "plugin/georep_plugin.h"

#include <algorithm>
#include <string_view>

#include <boost/dll/alias.hpp>
#include <spdlog/spdlog.h>

#include "commands/command_deps.h"
#include "commands/register_commands.h"
#include "commands/register_routes.h"
#include "gluster/cluster_gateway.h"
#include "gluster/transport_factory.h"
#include "plugin/plugin_options.h"
#include "commands/destination_handlers.h"
#include "sync-jobs/host_key_alerts.h"
#include "sync-jobs/sync_service.h"  // sync job wiring (owner: sync)
#include "dr/jobs/dr_hooks_runner.h"  // DR scheduler wiring (owner: dr)
#include "dr/jobs/dr_scheduler.h"

namespace georep::plugin {

GeorepPlugin::GeorepPlugin() = default;

GeorepPlugin::~GeorepPlugin() { stop(); }

void GeorepPlugin::start(api::HostServices& host) {
  stop();  // a second start() replaces everything rather than registering twice
  const PluginOptions options = PluginOptions::fromJson(host.config);
  try {
    hostKeyAlerts_ = std::make_unique<sync::HostKeyAlerts>(host.database, host.events);
    hostKeys_ = std::make_shared<gluster::HostKeyGuard>(hostKeyAlerts_.get());
    hostKeys_->restore(hostKeyAlerts_->loadRefusals());
    transports_ = std::make_unique<gluster::DefaultTransportFactory>(host.inventory);
    // One set of hook windows for both gateways: the sync job's reads wait while a create's hook runs.
    quietWindows_ = std::make_shared<gluster::QuietWindows>();
    clusters_ = std::make_unique<gluster::ClusterGateway>(host.inventory, *transports_, options.glusterTimeout,
                                                          hostKeys_, quietWindows_);
    deps_ = std::make_unique<commands::CommandDeps>(
        commands::CommandDeps{host.database, host.events, host.inventory, *clusters_, options.commands, {}, {}, {}, {}});
    registrations_ = commands::registerCommands(host.commands, *deps_);
    routes_ = commands::registerRoutes(host.routes);
    // Destinations (owner: dest): georep.destination.* and their periodic test (commands/destination_handlers.h).
    for (auto& r : commands::registerDestinations(host.commands, host.scheduler, *deps_)) {
      registrations_.push_back(std::move(r));
    }

    // --- sync job wiring (owner: sync; sync-jobs/sync_service.h). Each gluster call of a cycle gets half
    // --- the per-cluster timeout, so a hung host cannot hold a sync worker much longer than that.
    const sync::SyncOptions syncOptions = sync::SyncOptions::fromPluginConfig(host.config);
    syncClusters_ = std::make_unique<gluster::ClusterGateway>(
        host.inventory, *transports_, std::min(options.glusterTimeout, syncOptions.clusterTimeout / 2), hostKeys_,
        quietWindows_);
    sync_ = std::make_unique<sync::SyncService>(host, *syncClusters_, syncOptions);
    sync_->start();
    // --- end of sync job wiring

    // --- DR scheduler wiring (owner: dr): runs dispatch the session commands through the engine's bus.
    drNodes_ = std::make_unique<dr::DrNodeServices>(
        dr::DrNodeServices{host.inventory, *clusters_, options.commands.drHookPrograms, {}});
    dr::DrRunServices drServices{host.database, host.events, host.commands, commands::systemCommandClock()};
    drServices.nodes = drNodes_.get();
    drServices.stallRestartAfter = options.drStallRestartAfter;
    drServices.maxStallRestarts = options.drMaxStallRestarts;
    drScheduler_ = std::make_unique<dr::DrScheduler>(
        drServices, host.scheduler,
        host.metrics,  // its "georep.dr" collector: RPO and run series
        dr::DrSchedulerOptions{.leadership = &host.leadership});  // only the clusters this engine leads
    drScheduler_->start();
    // --- end of DR scheduler wiring
  } catch (...) {
    stop();
    throw;
  }
  spdlog::info("georep plugin started: {} commands and {} routes registered", registrations_.size(), routes_.size());
}

void GeorepPlugin::stop() {
  // --- DR scheduler wiring (owner: dr): first, its runs dispatch the commands below.
  if (drScheduler_) drScheduler_->stop();
  drScheduler_.reset();
  drNodes_.reset();
  // --- sync job wiring (owner: sync): stopped first, it uses the transports below.
  if (sync_) sync_->stop();
  sync_.reset();
  syncClusters_.reset();
  // --- end of sync job wiring
  // Registrations first: resetting one waits for running handlers/jobs, which use what follows.
  routes_.clear();
  registrations_.clear();
  deps_.reset();
  clusters_.reset();
  quietWindows_.reset();
  transports_.reset();
  hostKeys_.reset();
  hostKeyAlerts_.reset();
}

namespace {

std::unique_ptr<api::Plugin> createPlugin() { return std::make_unique<GeorepPlugin>(); }
int abiVersion() { return api::kAbiVersion; }

}  // namespace

}  // namespace georep::plugin

static_assert(std::string_view(georep::api::kFactorySymbol) == "georep_plugin_factory");
static_assert(std::string_view(georep::api::kAbiVersionSymbol) == "georep_plugin_abi_version");
BOOST_DLL_ALIAS(georep::plugin::createPlugin, georep_plugin_factory)
BOOST_DLL_ALIAS(georep::plugin::abiVersion, georep_plugin_abi_version)
