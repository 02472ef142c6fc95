// georep.session.resume: resume a PAUSED session. Expected read-back: every reporting worker running
// again (Initializing, Active, Passive or Faulty).
#include "commands/handlers.h"
#include "commands/param_specs.h"
#include "commands/session_action.h"

namespace georep::commands {
namespace {

using gluster::AggregateStatus;

const SessionAction& resumeAction() {
  static const SessionAction action{
      "resume",
      "georep.session.resumed",
      "georep.session.resume_failed",
      "running (workers Initializing, Active, Passive or Faulty)",
      false,
      [](AggregateStatus s, bool) -> std::optional<std::string> {
        if (s == AggregateStatus::kPaused) return std::nullopt;
        return "the session is " + std::string(gluster::aggregateStatusName(s)) + ": only a PAUSED session can be resumed";
      },
      [](gluster::GlusterGateway& gw, const gluster::SessionRef& ref, bool force) { gw.resume(ref, force); },
      [](const SessionSnapshot& snap) { return sessionRunning(snap); },
  };
  return action;
}

}  // namespace

api::CommandSpec sessionResumeSpec() {
  return api::CommandSpec{"georep.session.resume",
                          "Resume a paused geo-replication session and wait until GlusterFS reports it running.",
                          {sessionIdSpec(), forceSpec("Resume even with nodes down (gluster's resume force).")}, api::Role::kOperator};
}

nlohmann::json sessionResume(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx) {
  return runSessionAction(deps, resumeAction(), params, ctx);
}

}  // namespace georep::commands
