// georep.session.stop: stop a session. Without force the stored state must not be CREATED or STOPPED
// (two concurrent stops: the second waits for the first, then finds STOPPED and gets `conflict`); with
// force any state is accepted (gluster's stop force, also used when nodes are down). Expected read-back:
// every worker that reports is Stopped (or still Created, for a session never started).
#include "commands/handlers.h"
#include "commands/param_specs.h"
#include "commands/session_action.h"

namespace georep::commands {
namespace {

using gluster::AggregateStatus;
using gluster::WorkerStatus;

const SessionAction& stopAction() {
  static const SessionAction action{
      "stop",
      "georep.session.stopped",
      "georep.session.stop_failed",
      "STOPPED (every reporting worker Stopped)",
      false,
      [](AggregateStatus s, bool force) -> std::optional<std::string> {
        if (force) return std::nullopt;
        if (s == AggregateStatus::kStopped) return "the session is already STOPPED";
        if (s == AggregateStatus::kCreated) return "the session was never started (CREATED)";
        return std::nullopt;
      },
      [](gluster::GlusterGateway& gw, const gluster::SessionRef& ref, bool force) { gw.stop(ref, force); },
      [](const SessionSnapshot& snap) {
        return snap.status && reportingWorkersAllIn(snap.health, {WorkerStatus::kStopped, WorkerStatus::kCreated});
      },
  };
  return action;
}

}  // namespace

api::CommandSpec sessionStopSpec() {
  return api::CommandSpec{"georep.session.stop",
                          "Stop a geo-replication session and wait until GlusterFS reports its workers stopped.",
                          {sessionIdSpec(), forceSpec("Stop whatever the stored state, even with nodes down "
                                                      "(gluster's stop force).")}, api::Role::kOperator};
}

nlohmann::json sessionStop(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx) {
  return runSessionAction(deps, stopAction(), params, ctx);
}

}  // namespace georep::commands
