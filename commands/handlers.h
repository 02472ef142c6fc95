// The plugin's command handlers, one per file in commands/: each pairs a parameter schema
// (api::CommandSpec, validated by the engine's command bus before the handler runs) with a function
// taking the validated parameters. register_commands.h registers them all.
//
// Sessions are identified by `session_id` (the database id returned by georep.session.create and
// georep.session.list); clusters by name (`cluster`), volumes by name within a cluster.
// Mutating commands: check first (typed errors, nothing sent), serialize on the session (wait up to the
// lock bound, then `conflict`), run on a reachable host of the cluster, read the resulting state back
// from GlusterFS and fail unless it is the expected one, then write everything in ONE transaction, then
// raise the success event; any failure raises the `*_failed` event and writes nothing.
// Thread-safety: handlers may run concurrently (CommandDeps is thread-safe).
#pragma once

#include <nlohmann/json.hpp>

#include "commands/command_deps.h"
#include "engine/api/command_bus.h"

namespace georep::commands {

// georep.volume.refresh (volume_refresh.cc)
api::CommandSpec volumeRefreshSpec();
nlohmann::json volumeRefresh(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);

// georep.session.create (session_create.cc)
api::CommandSpec volumeListSpec();
nlohmann::json volumeList(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);
api::CommandSpec volumeGetSpec();
nlohmann::json volumeGet(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);

api::CommandSpec sessionCreateSpec();
nlohmann::json sessionCreate(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);

// georep.session.start (session_start.cc)
api::CommandSpec sessionStartSpec();
nlohmann::json sessionStart(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);

// georep.session.stop (session_stop.cc)
api::CommandSpec sessionStopSpec();
nlohmann::json sessionStop(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);

// georep.session.pause (session_pause.cc)
api::CommandSpec sessionPauseSpec();
nlohmann::json sessionPause(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);

// georep.session.resume (session_resume.cc)
api::CommandSpec sessionResumeSpec();
nlohmann::json sessionResume(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);

// georep.session.delete (session_delete.cc)
api::CommandSpec sessionDeleteSpec();
nlohmann::json sessionDelete(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);

// georep.session.list (session_list.cc)
// The largest page georep.session.list returns.
inline constexpr std::int64_t kMaxSessionPage = 1000;
api::CommandSpec sessionListSpec();
nlohmann::json sessionList(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);

// georep.session.get (session_get.cc)
api::CommandSpec sessionGetSpec();
nlohmann::json sessionGet(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);

// georep.session.history (session_history.cc)
api::CommandSpec sessionHistorySpec();
nlohmann::json sessionHistory(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);

// georep.config.set (config_set.cc)
api::CommandSpec configSetSpec();
nlohmann::json configSet(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);

// georep.config.reset (config_reset.cc)
api::CommandSpec configResetSpec();
nlohmann::json configReset(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);

// georep.config.list (config_list.cc)
api::CommandSpec configGetSpec();
nlohmann::json configGet(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);

api::CommandSpec configListSpec();
nlohmann::json configList(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);

}  // namespace georep::commands
