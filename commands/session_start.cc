// georep.session.start: start a created or stopped session. Needs the master volume started (stored
// state, confirmed live when the stored one is not Started). Without force the session must be CREATED
// or STOPPED; with force it may also be running (glusterd then starts the workers that are missing, e.g.
// on a node that came back); a PAUSED session is resumed, not started. Expected read-back: every worker
// that reports is Initializing, Active, Passive or Faulty (Offline bricks, whose node did not answer, are
// left out; the stored aggregate status may then be FAULTY or PARTIAL_FAULTY).
#include "commands/handlers.h"
#include "commands/param_specs.h"
#include "commands/session_action.h"

namespace georep::commands {
namespace {

using gluster::AggregateStatus;

const SessionAction& startAction() {
  static const SessionAction action{
      "start",
      "georep.session.started",
      "georep.session.start_failed",
      "running (workers Initializing, Active, Passive or Faulty)",
      true,
      [](AggregateStatus s, bool force) -> std::optional<std::string> {
        if (s == AggregateStatus::kPaused) return "the session is PAUSED: resume it rather than start it";
        if (force || s == AggregateStatus::kCreated || s == AggregateStatus::kStopped) return std::nullopt;
        return "the session is already " + std::string(gluster::aggregateStatusName(s)) +
               ": stop it first, or start with force to start missing workers";
      },
      [](gluster::GlusterGateway& gw, const gluster::SessionRef& ref, bool force) { gw.start(ref, force); },
      [](const SessionSnapshot& snap) { return sessionRunning(snap); },
  };
  return action;
}

}  // namespace

api::CommandSpec sessionStartSpec() {
  return api::CommandSpec{"georep.session.start",
                          "Start a geo-replication session (CREATED or STOPPED; with force also a running one) and "
                          "wait until GlusterFS reports its workers running.",
                          {sessionIdSpec(), forceSpec("Start even if the session runs (starts missing workers) or "
                                                      "some nodes are down (gluster's start force).")}, api::Role::kOperator};
}

nlohmann::json sessionStart(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx) {
  return runSessionAction(deps, startAction(), params, ctx);
}

}  // namespace georep::commands
