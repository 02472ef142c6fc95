// CommandDeps: what every command handler of the plugin works with — the engine's database, event bus
// and inventory, the ClusterGateway that runs gluster operations on a cluster (host fallback), the
// DAOs, and the tunables (lock wait, read-back polling). Built once by the plugin at start().
// Thread-safety: every member may be used concurrently (the DAOs are stateless, the engine services and
// ClusterGateway are thread-safe); CommandOptions is read-only after start.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "commands/command_clock.h"
#include "dao/config_dao.h"
#include "dao/session_brick_dao.h"
#include "dao/session_dao.h"
#include "dao/volume_dao.h"

namespace georep::api {
class Database;
class EventBus;
class Inventory;
}  // namespace georep::api

namespace georep::gluster {
class ClusterGateway;
}

namespace georep::commands {

// Geo-replication destinations (plugin config section "destinations", plugin/plugin_options.h).
struct DestinationOptions {
  // The private keys a destination may be set up with, by name (callers give the name, never a path).
  std::map<std::string, std::string> privateKeys;
  // How a destination node's glusterd is restarted after gluster-mountbroker changed its options.
  std::vector<std::string> glusterdRestart{"systemctl", "restart", "glusterd"};
  std::string mountbrokerRoot = "/var/mountbroker-root";
  std::string mountbrokerGroup = "geogroup";
  std::string setPemKeysScript = "/usr/lib/x86_64-linux-gnu/glusterfs/set_geo_rep_pem_keys.sh";
  std::chrono::milliseconds connectTimeout{10000};
  // The periodic test of every destination (0 = off).
  std::chrono::milliseconds testInterval{300000};
};

struct CommandOptions {
  // How long a command waits for another command on the same session (or session pair) to finish
  // before failing with `conflict` (dao/session_lock.h).
  std::chrono::milliseconds lockWait{30000};
  // How long a command waits for a free pooled database connection before failing with `unavailable`.
  std::chrono::milliseconds leaseWait{10000};
  // After an action, the state is read back from GlusterFS until it shows the expected state: at most
  // this many reads, this far apart (workers take a moment to change state after glusterd answers).
  int readBackAttempts = 10;
  std::chrono::milliseconds readBackInterval{1000};
  // Reads of that read-back refused because glusterd was busy with another transaction are read again,
  // at most this many times besides readBackAttempts (each one interval apart).
  int readBackBusyReads = 60;
  // After `create push-pem`: how long the create waits for glusterd's push-pem hook to end, polling this
  // often, while no other engine call reaches the cluster (commands/create_hook_wait.h).
  std::chrono::milliseconds createHookWait{240000};
  std::chrono::milliseconds createHookPoll{1000};
  // The programs a DR hook may name (plugin config dr.hook_programs): name -> absolute path.
  std::map<std::string, std::string> drHookPrograms;
  DestinationOptions destinations;
};

struct CommandDeps {
  api::Database& database;
  api::EventBus& events;
  api::Inventory& inventory;
  gluster::ClusterGateway& clusters;
  CommandOptions options;
  dao::VolumeDao volumes;
  dao::SessionDao sessions;
  dao::SessionBrickDao sessionBricks;
  dao::ConfigDao config;
  CommandClock* clock = &systemCommandClock();  // tests substitute their own
};

}  // namespace georep::commands
