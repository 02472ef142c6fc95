// georep-engine: the host engine. Reads its config (--config FILE, environment overrides), connects to
// PostgreSQL, applies the engine's migrations, starts the command bus, event bus, scheduler and
// inventory, loads the configured plugins, serves HTTP on loopback, and on SIGINT/SIGTERM shuts down in
// order: HTTP stops taking commands, plugins are unloaded, the scheduler stops.
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <variant>

#include <pthread.h>
#include <spdlog/spdlog.h>

#include "engine/src/commands/engine_command_bus.h"
#include "engine/src/common/logging.h"
#include "engine/src/config/engine_config.h"
#include "engine/src/db/migration_runner.h"
#include "engine/src/db/pg_database.h"
#include "engine/src/events/audit_log.h"
#include "engine/src/events/engine_event_bus.h"
#include "engine/src/http/http_server.h"
#include "engine/src/inventory/inventory_commands.h"
#include "engine/src/inventory/pg_inventory.h"
#include "engine/src/plugins/plugin_commands.h"
#include "engine/src/plugins/plugin_loader.h"
#include "engine/src/scheduler/engine_scheduler.h"

#ifndef GEOREP_VERSION
#define GEOREP_VERSION "unknown"
#endif

namespace {

constexpr const char* kUsage =
    "usage: georep-engine [--config FILE]\n"
    "  --config FILE   JSON config (see etc/georep-engine.example.json)\n"
    "  --version       print the version and exit\n"
    "environment overrides: GEOREP_DB, GEOREP_HTTP_PORT, GEOREP_PLUGINS (':'-separated), GEOREP_LOG_LEVEL\n";

struct Arguments {
  std::optional<std::filesystem::path> config;
};

// Returns the arguments, or an exit code when the program should end now.
std::variant<Arguments, int> parseArguments(int argc, char** argv) {
  Arguments args;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if (arg == "--version") {
      std::cout << "georep-engine " << GEOREP_VERSION << '\n';
      return 0;
    }
    if (arg == "--config" && i + 1 < argc) {
      args.config = argv[++i];
    } else if (arg.rfind("--config=", 0) == 0) {
      args.config = arg.substr(9);
    } else {
      std::cerr << "georep-engine: unknown argument '" << arg << "'\n" << kUsage;
      return 2;
    }
  }
  return args;
}

georep::api::Event engineEvent(const char* name, nlohmann::json body) {
  georep::api::Event e;
  e.name = name;
  e.body = std::move(body);
  return e;
}

int run(const georep::engine::EngineConfig& config, const sigset_t& signals) {
  using namespace georep::engine;
  PgDatabase database(config.databaseConnect, config.databasePoolSize);
  spdlog::info("database: {} ({} connections)", database.maskedConnectString(), config.databasePoolSize);
  MigrationRunner(database).apply("engine", config.engineMigrations);

  AuditLog auditLog(database);
  EngineEventBus events(&auditLog);
  EngineCommandBus commands;
  EngineScheduler scheduler(config.schedulerWorkers);
  georep::api::JobSpec heal;
  heal.name = "engine.database.reconnect";
  heal.interval = std::chrono::seconds(15);
  heal.jitter = std::chrono::seconds(1);
  heal.run = [&database] { database.reconnectBroken(); };
  auto healJob = scheduler.schedule(std::move(heal));
  PgInventory inventory(database);
  auto inventoryCommands = registerInventoryCommands(commands, inventory);

  PluginLoader loader(commands, events, scheduler, database, inventory);
  auto pluginCommands = registerPluginCommands(commands, loader);
  for (const auto& path : config.plugins) loader.load(path, config.pluginConfig);
  spdlog::info("{} plugin(s) loaded, {} refused; {} commands registered", loader.loaded().size(),
               loader.refused().size(), commands.commands().size());

  HttpServer http(commands, auditLog, config.http);
  http.start();
  spdlog::info("listening on {}://{}:{}", config.http.tlsCertificate.empty() ? "http" : "https", config.httpAddress,
               http.port());
  nlohmann::json pluginIds = nlohmann::json::array();
  for (const auto& p : loader.loaded()) pluginIds.push_back(p.id);
  events.raise(engineEvent("engine.started", {{"version", GEOREP_VERSION}, {"plugins", pluginIds},
                                              {"http_port", http.port()}}));

  int signal = 0;
  while (sigwait(&signals, &signal) != 0) {
  }
  spdlog::info("{} received: shutting down", strsignal(signal));
  events.raise(engineEvent("engine.stopping", {{"signal", strsignal(signal)}}));
  http.stop();
  pluginCommands.reset();
  loader.unloadAll();
  inventoryCommands.clear();
  healJob.reset();
  scheduler.stop();
  spdlog::info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  auto parsed = parseArguments(argc, argv);
  if (auto* code = std::get_if<int>(&parsed)) return *code;
  const auto& args = std::get<Arguments>(parsed);

  // SIGINT/SIGTERM are taken with sigwait() by the main thread: block them before any thread starts.
  // A shell starting us in the background may have set them to "ignored", which would discard them.
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  georep::engine::EngineConfig config;
  try {
    config = georep::engine::loadEngineConfig(args.config, georep::engine::processEnvironment());
    georep::engine::configureLogging(config.logLevel);
  } catch (const std::exception& e) {
    std::cerr << "georep-engine: " << e.what() << '\n';
    return 2;
  }
  spdlog::info("georep-engine {} starting{}", GEOREP_VERSION,
               args.config ? " with " + args.config->string() : std::string(" (no config file)"));
  try {
    return run(config, signals);
  } catch (const std::exception& e) {
    spdlog::critical("georep-engine cannot run: {}", e.what());
    return 1;
  }
}
