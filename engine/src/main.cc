// georep-engine: the host engine. Reads its config (--config FILE, environment overrides), connects to
// PostgreSQL, applies the engine's migrations, starts the command bus, event bus, scheduler and
// inventory, loads the configured plugins, serves HTTP on loopback, and on SIGINT/SIGTERM shuts down in
// order: HTTP stops taking commands, plugins are unloaded, the scheduler stops.
// Two administrative modes use the same config and database, print their result on stdout (logs go to
// stderr) and exit: --bootstrap-admin [NAME] creates the first admin when there is none, --issue-token
// USER prints a new API token for an existing user.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <variant>

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <spdlog/sinks/stdout_color_sinks.h>

#include "engine/src/auth/auth_commands.h"
#include "engine/src/auth/bootstrap.h"
#include "engine/src/auth/engine_authenticator.h"
#include "engine/src/auth/login_throttle.h"
#include "engine/src/commands/engine_command_bus.h"
#include "engine/src/common/correlation.h"
#include "engine/src/common/logging.h"
#include "engine/src/config/engine_config.h"
#include "engine/src/db/migration_runner.h"
#include "engine/src/db/pg_database.h"
#include "engine/src/events/audit_log.h"
#include "engine/src/events/engine_event_bus.h"
#include "engine/src/http/http_server.h"
#include "engine/src/http/engine_route_table.h"
#include "engine/src/http/job_resources.h"
#include "engine/src/http/job_store.h"
#include "engine/src/inventory/inventory_commands.h"
#include "engine/src/inventory/inventory_routes.h"
#include "engine/src/inventory/pg_inventory.h"
#include "engine/src/leadership/leadership_commands.h"
#include "engine/src/leadership/leadership_manager.h"
#include "engine/src/metrics/engine_metrics.h"
#include "engine/src/metrics/metrics_registry.h"
#include "engine/src/plugins/plugin_commands.h"
#include "engine/src/plugins/plugin_loader.h"
#include "engine/src/scheduler/engine_scheduler.h"

#ifndef GEOREP_VERSION
#define GEOREP_VERSION "unknown"
#endif

namespace {

constexpr const char* kUsage =
    "usage: georep-engine [--config FILE] [--bootstrap-admin [NAME] | --issue-token USER [--token-name N]\n"
    "                     [--ttl-seconds S]]\n"
    "  --config FILE            JSON config (see etc/georep-engine.example.json)\n"
    "  --bootstrap-admin [NAME] apply the engine's migrations and, when no enabled admin exists, create NAME\n"
    "                           (default admin) with the password in GEOREP_ADMIN_PASSWORD, or a generated one\n"
    "                           printed once on stdout; then exit\n"
    "  --issue-token USER       print a new API token for USER on stdout and exit\n"
    "  --token-name N           its name (default cli);  --ttl-seconds S  its lifetime (default: none)\n"
    "  --version                print the version and exit\n"
    "environment overrides: GEOREP_DB, GEOREP_HTTP_PORT, GEOREP_PLUGINS (':'-separated), GEOREP_LOG_LEVEL,\n"
    "                       GEOREP_ENGINE_ID\n";

enum class Mode { kServe, kBootstrapAdmin, kIssueToken };

struct Arguments {
  std::optional<std::filesystem::path> config;
  Mode mode = Mode::kServe;
  std::string adminName = "admin";
  std::string tokenUser;
  std::string tokenName = "cli";
  std::optional<std::chrono::seconds> ttl;
};

// A positive number of seconds (at most ten years), or nullopt.
std::optional<std::chrono::seconds> parseTtl(const std::string& text) {
  long long value = 0;
  std::size_t used = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (used != text.size() || value < 1 || value > 10LL * 366 * 24 * 3600) return std::nullopt;
  return std::chrono::seconds(value);
}

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
    } else if (arg == "--bootstrap-admin" && args.mode == Mode::kServe) {
      args.mode = Mode::kBootstrapAdmin;
      if (i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0) args.adminName = argv[++i];
    } else if (arg == "--issue-token" && i + 1 < argc && args.mode == Mode::kServe) {
      args.mode = Mode::kIssueToken;
      args.tokenUser = argv[++i];
    } else if (arg == "--token-name" && i + 1 < argc) {
      args.tokenName = argv[++i];
    } else if (arg == "--ttl-seconds" && i + 1 < argc) {
      args.ttl = parseTtl(argv[++i]);
      if (!args.ttl) {
        std::cerr << "georep-engine: --ttl-seconds needs a whole number of seconds from 1 to ten years\n";
        return 2;
      }
    } else {
      std::cerr << "georep-engine: unknown argument '" << arg << "'\n" << kUsage;
      return 2;
    }
  }
  if ((args.tokenName != "cli" || args.ttl) && args.mode != Mode::kIssueToken) {
    std::cerr << "georep-engine: --token-name and --ttl-seconds go with --issue-token\n" << kUsage;
    return 2;
  }
  return args;
}

georep::api::Event engineEvent(const char* name, nlohmann::json body) {
  georep::api::Event e;
  e.name = name;
  e.body = std::move(body);
  return e;
}

// --bootstrap-admin and --issue-token: the result on stdout, nothing else there.
int runAdministrative(const Arguments& args, const georep::engine::EngineConfig& config) {
  using namespace georep::engine;
  PgDatabase database(config.databaseConnect, 2);
  MigrationRunner(database).apply("engine", config.engineMigrations);
  auth::UserStore users(database);
  if (args.mode == Mode::kIssueToken) {
    auth::TokenStore tokens(database);
    const auto issued = auth::issueApiToken(users, tokens, args.tokenUser, args.tokenName, args.ttl);
    std::cout << issued.secret << std::endl;
    spdlog::info("API token #{} '{}' issued for {}", issued.id, args.tokenName, args.tokenUser);
    return 0;
  }
  const char* fromEnv = std::getenv("GEOREP_ADMIN_PASSWORD");
  const std::optional<std::string> password =
      fromEnv != nullptr && *fromEnv != '\0' ? std::optional<std::string>(fromEnv) : std::nullopt;
  const auto outcome = auth::bootstrapAdmin(users, args.adminName, password);
  if (!outcome.created) {
    std::cout << "an admin already exists" << std::endl;
    return 0;
  }
  AuditLog auditLog(database);
  EngineEventBus events(&auditLog);
  ActorScope actor("os:bootstrap");
  events.raise(engineEvent("engine.auth.admin_bootstrapped", {{"user", args.adminName}}));
  std::cout << "admin user '" << args.adminName << "' created";
  if (outcome.generatedPassword.empty()) {
    std::cout << " with the password from GEOREP_ADMIN_PASSWORD" << std::endl;
  } else {
    std::cout << "\npassword: " << outcome.generatedPassword << "\n(shown only this once)" << std::endl;
  }
  return 0;
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
  auto inventoryCommands = registerInventoryCommands(commands, inventory, config.allow);
  auth::UserStore users(database);
  auth::TokenStore tokens(database);
  auth::LoginThrottle loginThrottle;
  auth::EngineAuthenticator authenticator(users, tokens, loginThrottle, events);
  auto authCommands = auth::registerAuthCommands(commands, {users, tokens, events});
  if (!users.hasEnabledAdmin()) {
    spdlog::warn("no enabled admin user: create one with georep-engine --bootstrap-admin [NAME]");
  }

  EngineRouteTable routes;
  EngineMetricsRegistry metrics;
  auto engineMetrics = registerEngineMetrics(metrics, GEOREP_VERSION, std::chrono::system_clock::now());
  auto inventoryRoutes = registerInventoryRoutes(routes);
  JobStore jobs(database);
  if (const auto interrupted = jobs.failInterrupted(); interrupted > 0)
    spdlog::warn("{} REST job(s) of {} were still running when the engine stopped: marked failed", interrupted,
                 jobs.engineHost());
  auto jobResources = registerJobResources(commands, routes, jobs);
  // Leadership (engine/src/leadership): one engine per cluster runs the periodic work; a first tick now.
  LeadershipOptions leadershipOptions = config.leadership;
  if (leadershipOptions.engineId.empty()) leadershipOptions.engineId = generateEngineId();
  spdlog::info("engine id {} (leadership tick {} ms, lease {} ms)", leadershipOptions.engineId,
               leadershipOptions.tick.count(), leadershipOptions.lease.count());
  LeadershipManager leadership(config.databaseConnect, leadershipOptions);
  leadership.tick();
  georep::api::JobSpec leadershipTick;
  leadershipTick.name = "engine.leadership";
  leadershipTick.interval = leadershipOptions.tick;
  leadershipTick.run = [&leadership] { leadership.tick(); };
  auto leadershipJob = scheduler.schedule(std::move(leadershipTick));
  auto leadershipCommands = registerLeadershipCommands(commands, routes, leadership, database);
  PluginLoader loader(commands, events, scheduler, database, inventory, &routes, &metrics, &leadership);
  auto pluginCommands = registerPluginCommands(commands, loader);
  for (const auto& path : config.plugins) loader.load(path, config.pluginConfig);
  spdlog::info("{} plugin(s) loaded, {} refused; {} commands registered", loader.loaded().size(),
               loader.refused().size(), commands.commands().size());

  HttpServer http(commands, auditLog, config.http, &authenticator, &routes, &jobs, &metrics);
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
  leadershipCommands.clear();
  leadershipJob.reset();
  leadership.stop();  // after the plugins: the others take the clusters over at their next tick
  inventoryCommands.clear();
  jobResources.clear();
  authCommands.clear();
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
    // The administrative modes print their result on stdout: their logs go to stderr.
    if (args.mode != Mode::kServe) spdlog::set_default_logger(spdlog::stderr_color_mt("georep-admin"));
    georep::engine::configureLogging(config.logLevel);
  } catch (const std::exception& e) {
    std::cerr << "georep-engine: " << e.what() << '\n';
    return 2;
  }
  spdlog::info("georep-engine {} starting{}", GEOREP_VERSION,
               args.config ? " with " + args.config->string() : std::string(" (no config file)"));
  if (args.mode != Mode::kServe) {
    try {
      return runAdministrative(args, config);
    } catch (const std::exception& e) {
      std::cerr << "georep-engine: " << e.what() << '\n';
      return 1;
    }
  }
  try {
    return run(config, signals);
  } catch (const std::exception& e) {
    spdlog::critical("georep-engine cannot run: {}", e.what());
    return 1;
  }
}
