// PluginOptions: the plugin's tunables from its section of the engine config (HostServices::config, a
// JSON object). Sections, each optional, every key optional with a default:
//   "commands": {
//     "lock_wait_ms":          30000  (0..600000)   how long a command waits for another command on the
//                                                    same session before failing with `conflict`
//     "read_back_attempts":    10     (1..100)      reads of the state after an action
//     "read_back_interval_ms": 1000   (0..60000)    pause between those reads
//     "read_back_busy_reads":  60     (0..1000)     more reads when glusterd refused one as busy }
//   "gluster":  { "timeout_ms": 120000 (1000..3600000) per gluster call }
//   "sync":     the sync job's settings (sync-jobs/sync_options.h reads and checks them)
//   "dr":       { "hook_programs": {"name": "/absolute/path"} } the programs a DR policy hook may name
//               (commands/dr_hooks.h); callers give the name, never the path
//   "destinations": geo-replication destinations and mountbroker (plugin/destination_options.h)
// A typo is refused by name: an unknown section or key, a wrong type or a value out of range throws
// std::invalid_argument ("commands.lock_wait_ms must be ..."), and the engine refuses to load the plugin.
// Thread-safety: plain values.
#pragma once

#include <chrono>

#include <nlohmann/json.hpp>

#include "commands/command_deps.h"

namespace georep::plugin {

struct PluginOptions {
  commands::CommandOptions commands;
  std::chrono::milliseconds glusterTimeout{120000};
  // DR runs (dr/jobs/dr_run.h, stalled workers): 0 s turns the restarts off.
  std::chrono::seconds drStallRestartAfter{120};
  int drMaxStallRestarts = 2;

  static PluginOptions fromJson(const nlohmann::json& config);
};

}  // namespace georep::plugin
