// Events raised by the plugin's commands, and the wrapper every mutating handler runs in: on success the
// handler raises its event (georep.session.started, ...); on any failure runFailing() raises the
// command's failure event (georep.session.start_failed, ..., severity error) whose body holds the
// command's subject (session id, names), the typed error and glusterd's message, then rethrows the
// failure as an api::CommandError (gluster::GatewayError and dao::LockBusy mapped by command_errors.h;
// any other exception is rethrown unchanged and becomes `internal` at the bus). The correlation id is the
// dispatch's (CommandContext), so events and logs of one command are tied together.
// Thread-safety: stateless functions; the event bus is thread-safe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands/command_deps.h"
#include "engine/api/command_bus.h"
#include "engine/api/event_bus.h"

namespace georep::commands {

// Every event name the commands raise (manifest.json "events" lists them, with the sync job's).
std::vector<std::string> commandEventNames();

void raiseEvent(CommandDeps& deps, const api::CommandContext& ctx, std::string name, api::Severity severity,
                nlohmann::json body);

nlohmann::json runFailing(CommandDeps& deps, const api::CommandContext& ctx, const std::string& failureEvent,
                          const nlohmann::json& subject, const std::function<nlohmann::json()>& body);

}  // namespace georep::commands
