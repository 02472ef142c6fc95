// PluginOptions: the plugin's tunables from its section of the engine config (HostServices::config,
// a JSON object), each optional with a sane default:
//   "lock_wait_ms"          (default 30000, 0..600000)  how long a command waits for another command on
//                                                       the same session before `conflict`
//   "read_back_attempts"    (default 10, 1..100)        reads of the state after an action
//   "read_back_interval_ms" (default 1000, 0..60000)    pause between those reads
//   "gluster_timeout_ms"    (default 120000, 1000..3600000) per gluster call
// Keys of other parts of the plugin (the sync job's) are left to them; a known key with a wrong type or
// out of range is refused with std::invalid_argument naming it (the engine then refuses to load).
// Thread-safety: plain values.
#pragma once

#include <chrono>

#include <nlohmann/json.hpp>

#include "commands/command_deps.h"

namespace georep::plugin {

struct PluginOptions {
  commands::CommandOptions commands;
  std::chrono::milliseconds glusterTimeout{120000};

  static PluginOptions fromJson(const nlohmann::json& config);
};

}  // namespace georep::plugin
