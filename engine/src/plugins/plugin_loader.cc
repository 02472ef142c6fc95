#include "engine/src/plugins/plugin_loader.h"

#include <dlfcn.h>

#include <chrono>
#include <optional>

#include <boost/dll/shared_library.hpp>
#include <spdlog/spdlog.h>

#include "engine/api/plugin.h"
#include "engine/src/db/migration_runner.h"
#include "engine/src/events/engine_event_bus.h"
#include "engine/src/plugins/plugin_manifest.h"
#include "engine/src/http/engine_route_table.h"
#include "engine/src/plugins/plugin_command_bus.h"
#include "engine/src/plugins/plugin_route_table.h"
#include "engine/src/plugins/plugin_metrics_registry.h"
#include "engine/src/metrics/metrics_registry.h"
#include "engine/src/plugins/plugin_event_bus.h"
#include "engine/src/plugins/plugin_scheduler.h"
#include "engine/src/leadership/sole_leadership.h"

namespace georep::engine {
namespace {

// Runs a call into plugin code; returns the reason it failed, if it did.
template <typename Call>
std::optional<std::string> guarded(Call&& call) {
  try {
    call();
    return std::nullopt;
  } catch (const std::exception& e) {
    return std::string(e.what());
  } catch (...) {
    return std::string("a non-standard exception");
  }
}

}  // namespace

// Members are declared in reverse order of destruction: the library goes last.
struct PluginLoader::Loaded {
  PluginManifest manifest;
  std::filesystem::path libraryPath;
  boost::dll::shared_library library;
  std::unique_ptr<PluginCommandBus> commands;
  std::unique_ptr<PluginScheduler> scheduler;
  std::unique_ptr<PluginEventBus> events;
  std::unique_ptr<PluginRouteTable> routes;
  std::unique_ptr<PluginMetricsRegistry> metrics;
  std::unique_ptr<api::HostServices> services;
  std::unique_ptr<api::Plugin> plugin;
  bool started = false;
};

PluginLoader::PluginLoader(api::CommandBus& commands, EngineEventBus& events, api::Scheduler& scheduler,
                           api::Database& database, api::Inventory& inventory, api::RouteTable* routes,
                           api::MetricsRegistry* metrics, api::Leadership* leadership)
    : commands_(commands),
      events_(events),
      scheduler_(scheduler),
      database_(database),
      inventory_(inventory),
      ownRoutes_(routes == nullptr ? std::make_unique<EngineRouteTable>() : nullptr),
      routes_(routes != nullptr ? *routes : *ownRoutes_),
      ownMetrics_(metrics == nullptr ? std::make_unique<EngineMetricsRegistry>() : nullptr),
      metrics_(metrics != nullptr ? *metrics : *ownMetrics_),
      ownLeadership_(leadership == nullptr ? std::make_unique<SoleLeadership>() : nullptr),
      leadership_(leadership != nullptr ? *leadership : *ownLeadership_) {}

PluginLoader::~PluginLoader() { unloadAll(); }

PluginLoadResult PluginLoader::load(const std::filesystem::path& given, const nlohmann::json& pluginConfigs) {
  PluginLoadResult result;
  std::error_code absoluteError;
  const std::filesystem::path path = std::filesystem::absolute(given, absoluteError).lexically_normal();
  std::string who = "plugin " + path.string();
  auto refuse = [&](const std::string& reason) {
    result.ok = false;
    result.message = who + " refused: " + reason;
    spdlog::error("{}", result.message);
    std::lock_guard lock(mutex_);
    refused_.push_back(result);
    return result;
  };

  try {
    const auto started = std::chrono::steady_clock::now();
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return refuse("no such file");
    const bool isDirectory = std::filesystem::is_directory(path, ec);
    const std::filesystem::path dir = isDirectory ? path : path.parent_path();
    const std::filesystem::path manifestFile = dir / "manifest.json";
    if (!std::filesystem::exists(manifestFile, ec)) return refuse("no manifest.json beside it (" + manifestFile.string() + ")");

    auto loaded = std::make_unique<Loaded>();
    try {
      loaded->manifest = readPluginManifest(manifestFile);
    } catch (const std::exception& e) {
      return refuse(e.what());
    }
    const PluginManifest& manifest = loaded->manifest;
    result.id = manifest.id;
    who = "plugin '" + manifest.id + "' (" + path.string() + ")";

    // The ABI version is checked before anything of the plugin is loaded.
    if (manifest.abiVersion != api::kAbiVersion) {
      return refuse("manifest.json declares ABI version " + std::to_string(manifest.abiVersion) +
                    ", this engine has ABI version " + std::to_string(api::kAbiVersion));
    }
    if (isDirectory) {
      if (manifest.library.empty()) return refuse("manifest.json names no \"library\" to load from the directory");
      loaded->libraryPath = dir / manifest.library;
    } else {
      if (!manifest.library.empty() && manifest.library != path.filename().string()) {
        return refuse("manifest.json names library '" + manifest.library + "', not " + path.filename().string());
      }
      loaded->libraryPath = path;
    }
    bool duplicate = false;
    {
      std::lock_guard lock(mutex_);
      for (const auto& p : plugins_) duplicate = duplicate || p->manifest.id == manifest.id;
    }
    if (duplicate) return refuse("a plugin with id '" + manifest.id + "' is already loaded");
    nlohmann::json config = nlohmann::json::object();
    if (pluginConfigs.is_object() && pluginConfigs.contains(manifest.id)) {
      config = pluginConfigs.at(manifest.id);
      if (!config.is_object()) return refuse("its configuration section is not a JSON object");
    }

    // Load the library (its static initialisers run here) and check what it exports.
    try {
      loaded->library.load(loaded->libraryPath, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
    } catch (const std::exception& e) {
      return refuse(std::string("cannot load the library: ") + e.what());
    }
    if (!loaded->library.has(api::kAbiVersionSymbol)) {
      return refuse(std::string("the library does not export ") + api::kAbiVersionSymbol);
    }
    int abi = 0;
    if (auto failure = guarded([&] { abi = loaded->library.get_alias<api::AbiVersionFunction>(api::kAbiVersionSymbol)(); })) {
      return refuse(std::string(api::kAbiVersionSymbol) + " failed: " + *failure);
    }
    if (abi != api::kAbiVersion) {
      return refuse("the library reports ABI version " + std::to_string(abi) + " (manifest.json says " +
                    std::to_string(manifest.abiVersion) + "), this engine has ABI version " +
                    std::to_string(api::kAbiVersion));
    }
    if (!loaded->library.has(api::kFactorySymbol)) {
      return refuse(std::string("the library does not export its factory ") + api::kFactorySymbol);
    }
    auto& factory = loaded->library.get_alias<api::PluginFactory>(api::kFactorySymbol);

    // Its tables, before any of its code runs against them.
    if (manifest.migrations) {
      try {
        MigrationRunner(database_).apply(manifest.id, dir / *manifest.migrations);
      } catch (const std::exception& e) {
        return refuse(std::string("its migrations failed: ") + e.what());
      }
    }

    if (auto failure = guarded([&] { loaded->plugin = factory(); })) return refuse("its factory threw: " + *failure);
    if (!loaded->plugin) return refuse("its factory returned no plugin");

    loaded->commands = std::make_unique<PluginCommandBus>(commands_);
    loaded->scheduler = std::make_unique<PluginScheduler>(scheduler_);
    loaded->events = std::make_unique<PluginEventBus>(events_);
    loaded->routes = std::make_unique<PluginRouteTable>(routes_);
    loaded->metrics = std::make_unique<PluginMetricsRegistry>(metrics_);
    loaded->services = std::make_unique<api::HostServices>(api::HostServices{
        *loaded->commands, *loaded->events, *loaded->scheduler, database_, inventory_, dir, std::move(config),
        *loaded->routes, *loaded->metrics, leadership_});
    if (auto failure = guarded([&] { loaded->plugin->start(*loaded->services); })) {
      const std::string reason = "start failed: " + *failure;
      unloadOne(*loaded);
      return refuse(reason);
    }
    loaded->started = true;

    result.ok = true;
    result.message = "plugin '" + manifest.id + "' " + manifest.version + " loaded from " +
                     loaded->libraryPath.string() + " (" + std::to_string(loaded->commands->registered()) +
                     " commands, " + std::to_string(loaded->scheduler->scheduled()) + " jobs) in " +
                     std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::steady_clock::now() - started)
                                        .count()) +
                     " ms";
    spdlog::info("{}", result.message);
    std::lock_guard lock(mutex_);
    plugins_.push_back(std::move(loaded));
    return result;
  } catch (const std::exception& e) {
    return refuse(std::string("unexpected error: ") + e.what());
  } catch (...) {
    return refuse("unexpected error");
  }
}

void PluginLoader::unloadOne(Loaded& p) {
  const std::string& id = p.manifest.id;
  if (p.plugin) {
    if (auto failure = guarded([&] { p.plugin->stop(); })) spdlog::error("plugin '{}': stop() failed: {}", id, *failure);
    p.plugin.reset();  // its destructor drops what it still holds
  }
  // Undo whatever the plugin left behind, so no handler, job or subscriber points into the library.
  const std::size_t leftCommands = p.commands ? p.commands->registered() : 0;
  const std::size_t leftJobs = p.scheduler ? p.scheduler->scheduled() : 0;
  if (leftCommands + leftJobs > 0) {
    spdlog::warn("plugin '{}' left {} commands and {} jobs registered; removing them", id, leftCommands, leftJobs);
  }
  if (p.routes) p.routes->releaseAll();  // first: a route names a command about to go
  if (p.metrics) p.metrics->releaseAll();
  if (p.commands) p.commands->releaseAll();
  if (p.scheduler) p.scheduler->releaseAll();
  if (p.events) p.events->releaseAll();
  p.services.reset();
  if (p.library.is_loaded()) {
    p.library.unload();
    // glibc keeps a library mapped when it has STB_GNU_UNIQUE symbols: say so, it explains a plugin
    // whose static state survives a reload.
    if (void* handle = ::dlopen(p.libraryPath.c_str(), RTLD_LAZY | RTLD_NOLOAD)) {
      ::dlclose(handle);
      spdlog::warn("plugin '{}': its library stays mapped after unload (build it with -fno-gnu-unique)", id);
    }
  }
  spdlog::info("plugin '{}' unloaded", id);
}

bool PluginLoader::unload(const std::string& id) {
  std::unique_ptr<Loaded> plugin;
  {
    std::lock_guard lock(mutex_);
    for (auto it = plugins_.begin(); it != plugins_.end(); ++it) {
      if ((*it)->manifest.id == id) {
        plugin = std::move(*it);
        plugins_.erase(it);
        break;
      }
    }
  }
  if (!plugin) return false;
  try {
    unloadOne(*plugin);
  } catch (const std::exception& e) {
    spdlog::error("plugin '{}': unloading failed: {}", id, e.what());
  }
  return true;
}

void PluginLoader::unloadAll() {
  for (;;) {
    std::string id;
    {
      std::lock_guard lock(mutex_);
      if (plugins_.empty()) return;
      id = plugins_.back()->manifest.id;
    }
    unload(id);
  }
}

std::vector<PluginLoadResult> PluginLoader::refused() const {
  std::lock_guard lock(mutex_);
  return refused_;
}

std::vector<LoadedPluginInfo> PluginLoader::loaded() const {
  std::lock_guard lock(mutex_);
  std::vector<LoadedPluginInfo> out;
  for (const auto& p : plugins_) {
    out.push_back(LoadedPluginInfo{p->manifest.id, p->manifest.name, p->manifest.version, p->libraryPath,
                                   p->commands->registered(), p->scheduler->scheduled()});
  }
  return out;
}

}  // namespace georep::engine

