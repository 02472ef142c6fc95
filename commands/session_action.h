// The flow shared by georep.session.start, stop, pause and resume (each defines its SessionAction in its
// own file): lock the session, check its stored state (a state that forbids the action is confirmed with
// one read of GlusterFS before refusing: the stored one may be stale; and, for start, that the master
// volume is started), run the action on a reachable host (never twice: when the host fails after it may have run,
// the read-back settles it, see session_readback.h), read the state back until GlusterFS shows the expected
// one (fail with gluster_error, writing nothing, when it does not, whatever opRet said), store the
// read-back state in one transaction, raise the success event; failures raise the failure event.
// Thread-safety: runSessionAction may run concurrently; the session lock serializes one session.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "commands/command_deps.h"
#include "commands/session_readback.h"
#include "engine/api/command_bus.h"
#include "gluster/gateway.h"
#include "gluster/session_health.h"

namespace georep::commands {

struct SessionAction {
  std::string verb;          // "start"
  std::string successEvent;  // "georep.session.started"
  std::string failureEvent;  // "georep.session.start_failed"
  std::string expected;      // what the read-back must show, for messages ("running", "STOPPED", ...)
  bool needsStartedVolume = false;
  // The refusal message when the stored state forbids the action, nullopt when allowed.
  std::function<std::optional<std::string>(gluster::AggregateStatus stored, bool force)> refuse;
  std::function<void(gluster::GlusterGateway&, const gluster::SessionRef&, bool force)> run;
  std::function<bool(const SessionSnapshot&)> reached;
};

nlohmann::json runSessionAction(CommandDeps& deps, const SessionAction& action, const nlohmann::json& params,
                                const api::CommandContext& ctx);

// Worker states of a session that runs (the monitor started workers): start and resume expect them.
bool sessionRunning(const SessionSnapshot& snapshot);

}  // namespace georep::commands
