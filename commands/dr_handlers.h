// The DR policy commands (georep.dr.policy.*), one file each in commands/dr_policy_*.cc, registered by
// register_commands.cc with the others. Roles, and why:
//   create, update: admin. A policy's hooks make the engine run an allow-listed program as root with
//     caller-chosen argv on a chosen node, and POST to a caller-chosen URL from the engine's network
//     position; that is the same class of power as session.create (which names a destination): admin.
//   pause, resume, delete: operator. They add no power (delete only removes protection an operator can
//     already remove by deleting the session with force, an operator command).
//   get, list, run.list, run.get: viewer.
// Every change runs under the session's lock (dao/session_lock.h) and raises georep.dr.policy.<done>.
// Thread-safety: as every handler (handlers.h).
#pragma once

#include <nlohmann/json.hpp>

#include "commands/command_deps.h"
#include "engine/api/command_bus.h"

namespace georep::commands {

api::CommandSpec drPolicyCreateSpec();
nlohmann::json drPolicyCreate(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);
api::CommandSpec drPolicyUpdateSpec();
nlohmann::json drPolicyUpdate(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);
api::CommandSpec drPolicyPauseSpec();
nlohmann::json drPolicyPause(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);
api::CommandSpec drPolicyResumeSpec();
nlohmann::json drPolicyResume(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);
api::CommandSpec drPolicyDeleteSpec();
nlohmann::json drPolicyDelete(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);
api::CommandSpec drPolicyGetSpec();
nlohmann::json drPolicyGet(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);
api::CommandSpec drPolicyListSpec();
nlohmann::json drPolicyList(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);

api::CommandSpec drRunListSpec();
nlohmann::json drRunList(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);
// georep.dr.run.get (viewer, commands/dr_run_get.cc): one run of the session with its progress.
api::CommandSpec drRunGetSpec();
nlohmann::json drRunGet(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);
// georep.dr.run.now / georep.dr.run.cancel (operator): specs only; dr/jobs/dr_scheduler registers their
// handlers (the runs live in the scheduler), so the manifest and route checks see one declaration.
api::CommandSpec drRunNowSpec();
api::CommandSpec drRunCancelSpec();

// The events the DR policy commands raise (manifest.json lists them).
std::vector<std::string> drPolicyEventNames();

}  // namespace georep::commands
