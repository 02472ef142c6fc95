// georep.session.pause: pause a running session (stored ACTIVE, INITIALIZING, FAULTY or PARTIAL_FAULTY).
// glusterd answers opRet 0 to a pause it did not perform (GLUSTER.md: pause of a stopped session), so
// the read-back decides: every reporting worker must be Paused.
#include "commands/handlers.h"
#include "commands/param_specs.h"
#include "commands/session_action.h"

namespace georep::commands {
namespace {

using gluster::AggregateStatus;
using gluster::WorkerStatus;

const SessionAction& pauseAction() {
  static const SessionAction action{
      "pause",
      "georep.session.paused",
      "georep.session.pause_failed",
      "PAUSED (every reporting worker Paused)",
      false,
      [](AggregateStatus s, bool) -> std::optional<std::string> {
        switch (s) {
          case AggregateStatus::kActive:
          case AggregateStatus::kInitializing:
          case AggregateStatus::kFaulty:
          case AggregateStatus::kPartialFaulty:
            return std::nullopt;
          case AggregateStatus::kPaused:
            return "the session is already PAUSED";
          default:
            return "the session is " + std::string(gluster::aggregateStatusName(s)) + ": only a running session can be paused";
        }
      },
      [](gluster::GlusterGateway& gw, const gluster::SessionRef& ref, bool force) { gw.pause(ref, force); },
      [](const SessionSnapshot& snap) {
        return snap.status && reportingWorkersAllIn(snap.health, {WorkerStatus::kPaused});
      },
  };
  return action;
}

}  // namespace

api::CommandSpec sessionPauseSpec() {
  return api::CommandSpec{"georep.session.pause",
                          "Pause a running geo-replication session and wait until GlusterFS reports it paused.",
                          {sessionIdSpec(), forceSpec("Pause even with nodes down (gluster's pause force).")}, api::Role::kOperator};
}

nlohmann::json sessionPause(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx) {
  return runSessionAction(deps, pauseAction(), params, ctx);
}

}  // namespace georep::commands
