// The flow shared by georep.config.set and georep.config.reset: validate the key (and value) with the
// gateway's catalog, lock the session, run `config KEY VALUE` or `config !KEY` on a reachable host, read
// the whole config back, check the key shows what was asked (set: the value, `checkpoint now`: a Unix
// time newer than the checkpoint read live before the command, waiting on the CommandClock for the next
// second when the previous one is from this second; reset: the fixed default when the key has one),
// store the whole config in one transaction, raise the event. Failures raise the failure event and
// store nothing. The change is never sent twice: when the host fails after it may have run, the config
// read back decides (session_readback.h: done, not done, or outcome unknown).
// Thread-safety: may run concurrently; the session lock serializes one session.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "commands/command_deps.h"
#include "engine/api/command_bus.h"

namespace georep::commands {

struct ConfigChange {
  std::string verb;                  // "set" or "reset"
  std::string successEvent;
  std::string failureEvent;
  std::optional<std::string> value;  // set: the value; reset: nullopt
};

nlohmann::json runConfigChange(CommandDeps& deps, const ConfigChange& change, const nlohmann::json& params,
                               const api::CommandContext& ctx);

}  // namespace georep::commands
