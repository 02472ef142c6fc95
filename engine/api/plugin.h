// The plugin interface and its exported factory. A plugin is a MODULE library with a manifest.json
// beside it. It exports, with BOOST_DLL_ALIAS, a factory (kFactorySymbol) returning
// std::unique_ptr<Plugin> and its ABI version (kAbiVersionSymbol). The engine checks the ABI version
// (manifest first, then the symbol) before calling anything else, then calls start() once; on unload it
// calls stop(), destroys the plugin, and only then releases the library.
// Plugin code includes only engine/api headers; the build enforces it.
// Thread-safety: the engine calls start()/stop() from one thread, never concurrently.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "abi_version.h"
#include "command_bus.h"
#include "database.h"
#include "event_bus.h"
#include "inventory.h"
#include "leadership.h"
#include "metrics.h"
#include "routes.h"
#include "scheduler.h"

namespace georep::api {

// What the engine hands a plugin. Every reference outlives the plugin object.
struct HostServices {
  CommandBus& commands;
  EventBus& events;
  Scheduler& scheduler;
  Database& database;
  Inventory& inventory;
  std::filesystem::path pluginDir;  // where the .so and manifest.json are
  nlohmann::json config;            // the plugin's section of the engine config (object, maybe empty)
  RouteTable& routes;               // the REST routes (engine/api/routes.h); removed on unload
  MetricsRegistry& metrics;         // collectors for GET /metrics (engine/api/metrics.h); removed on unload
  Leadership& leadership;           // which clusters this engine leads (engine/api/leadership.h)
};

class Plugin {
 public:
  virtual ~Plugin() = default;
  // Registers commands, subscriptions and jobs. Throw to refuse to start (the engine unloads it).
  virtual void start(HostServices& host) = 0;
  // Drops every registration and connection; after it returns no plugin code runs.
  virtual void stop() = 0;
};

using PluginFactory = std::unique_ptr<Plugin>();
using AbiVersionFunction = int();

}  // namespace georep::api
