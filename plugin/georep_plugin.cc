// The plugin's entry point: GeorepPlugin (georep_plugin.h) and the two symbols the engine looks up with
// Boost.DLL — the factory (api::kFactorySymbol) and the ABI version (api::kAbiVersionSymbol).
#include "plugin/georep_plugin.h"

#include <string_view>

#include <boost/dll/alias.hpp>
#include <spdlog/spdlog.h>

#include "commands/command_deps.h"
#include "commands/register_commands.h"
#include "gluster/cluster_gateway.h"
#include "gluster/transport_factory.h"
#include "plugin/plugin_options.h"

namespace georep::plugin {

GeorepPlugin::GeorepPlugin() = default;

GeorepPlugin::~GeorepPlugin() { stop(); }

void GeorepPlugin::start(api::HostServices& host) {
  stop();  // a second start() replaces everything rather than registering twice
  const PluginOptions options = PluginOptions::fromJson(host.config);
  try {
    transports_ = std::make_unique<gluster::DefaultTransportFactory>(host.inventory);
    clusters_ = std::make_unique<gluster::ClusterGateway>(host.inventory, *transports_, options.glusterTimeout);
    deps_ = std::make_unique<commands::CommandDeps>(
        commands::CommandDeps{host.database, host.events, host.inventory, *clusters_, options.commands, {}, {}, {}, {}});
    registrations_ = commands::registerCommands(host.commands, *deps_);

    // --- sync job wiring (sync-jobs/sync_service.h, georep::sync::SyncService) goes here: build it from
    // --- host, *clusters_ and the DAOs, keep it in a member, and push its scheduler Registrations into
    // --- registrations_ (or hold them in the service) so that stop() drops them before deps_.
  } catch (...) {
    stop();
    throw;
  }
  spdlog::info("georep plugin started: {} commands registered", registrations_.size());
}

void GeorepPlugin::stop() {
  // Registrations first: resetting one waits for running handlers/jobs, which use what follows.
  registrations_.clear();
  deps_.reset();
  clusters_.reset();
  transports_.reset();
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
