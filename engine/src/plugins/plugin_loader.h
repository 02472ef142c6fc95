// PluginLoader: loads plugins (Boost.DLL MODULE libraries with a manifest.json beside them) and unloads
// them in order. For each plugin: read and check manifest.json, refuse an ABI version other than
// api::kAbiVersion BEFORE loading the library; load it; check its exported ABI version; find its factory;
// apply its migrations (component = manifest id); create it; start() it with per-plugin views of the
// engine's services. Any failure refuses that plugin with a message naming it and the reason, and the
// engine carries on with the others. Every call into plugin code is guarded: no exception crosses.
// Unload: stop(), destroy the plugin object, undo whatever it left registered (commands, jobs,
// subscriptions), then release the library.
// Thread-safety: load/unload are called from one thread (start-up and shutdown); loaded() from any.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/command_bus.h"
#include "engine/api/database.h"
#include "engine/api/inventory.h"
#include "engine/api/leadership.h"
#include "engine/api/metrics.h"
#include "engine/api/routes.h"
#include "engine/api/scheduler.h"

namespace georep::engine {

class EngineEventBus;

struct PluginLoadResult {
  bool ok = false;
  std::string id;       // the manifest id, when the manifest could be read
  std::string message;  // why it was refused, naming the plugin; or what was loaded
};

struct LoadedPluginInfo {
  std::string id;
  std::string name;
  std::string version;
  std::filesystem::path library;
  std::size_t commands = 0;  // registered through the engine at the moment
  std::size_t jobs = 0;
};

class PluginLoader {
 public:
  PluginLoader(api::CommandBus& commands, EngineEventBus& events, api::Scheduler& scheduler, api::Database& database,
               api::Inventory& inventory, api::RouteTable* routes = nullptr,
               api::MetricsRegistry* metrics = nullptr, api::Leadership* leadership = nullptr);
  ~PluginLoader();  // unloadAll()
  PluginLoader(const PluginLoader&) = delete;
  PluginLoader& operator=(const PluginLoader&) = delete;

  // `path` is the plugin's .so (manifest.json beside it) or its directory (the manifest names the
  // library). `pluginConfigs` maps plugin ids to their config objects. Never throws.
  PluginLoadResult load(const std::filesystem::path& path, const nlohmann::json& pluginConfigs);

  // Unloads one plugin by id; false when no such plugin is loaded. Never throws.
  bool unload(const std::string& id);
  // Unloads every plugin, last loaded first. Never throws.
  void unloadAll();

  std::vector<LoadedPluginInfo> loaded() const;
  // Every refusal since the loader was made, oldest first (for operators: engine.plugins).
  std::vector<PluginLoadResult> refused() const;

 private:
  struct Loaded;
  void unloadOne(Loaded& plugin);

  api::CommandBus& commands_;
  EngineEventBus& events_;
  api::Scheduler& scheduler_;
  api::Database& database_;
  api::Inventory& inventory_;
  std::unique_ptr<api::RouteTable> ownRoutes_;  // when the engine gave none: routes go nowhere visible
  api::RouteTable& routes_;
  std::unique_ptr<api::MetricsRegistry> ownMetrics_;  // when the engine gave none: never scraped
  api::MetricsRegistry& metrics_;
  std::unique_ptr<api::Leadership> ownLeadership_;  // when the engine gave none: this host leads everything
  api::Leadership& leadership_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Loaded>> plugins_;
  std::vector<PluginLoadResult> refused_;
};

}  // namespace georep::engine
