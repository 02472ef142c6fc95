#include "commands/command_events.h"

#include <exception>

#include <spdlog/spdlog.h>

#include "commands/command_errors.h"
#include "dao/session_lock.h"
#include "engine/api/database_errors.h"
#include "gluster/errors.h"

namespace georep::commands {

std::vector<std::string> commandEventNames() {
  return {"georep.volume.refreshed",      "georep.volume.refresh_failed", "georep.session.created",
          "georep.session.create_failed", "georep.session.started",       "georep.session.start_failed",
          "georep.session.stopped",       "georep.session.stop_failed",   "georep.session.paused",
          "georep.session.pause_failed",  "georep.session.resumed",       "georep.session.resume_failed",
          "georep.session.deleted",       "georep.session.delete_failed", "georep.config.set",
          "georep.config.set_failed",     "georep.config.reset",          "georep.config.reset_failed"};
}

void raiseEvent(CommandDeps& deps, const api::CommandContext& ctx, std::string name, api::Severity severity,
                nlohmann::json body) {
  api::Event event;
  event.name = std::move(name);
  event.severity = severity;
  event.correlationId = ctx.correlationId;
  event.body = std::move(body);
  deps.events.raise(std::move(event));
}

namespace {

void raiseFailure(CommandDeps& deps, const api::CommandContext& ctx, const std::string& failureEvent,
                  const nlohmann::json& subject, const api::CommandError& error) {
  nlohmann::json body = subject;
  body["error"] = error.toJson();
  body["message"] = error.what();
  raiseEvent(deps, ctx, failureEvent, api::Severity::kError, std::move(body));
}

}  // namespace

nlohmann::json runFailing(CommandDeps& deps, const api::CommandContext& ctx, const std::string& failureEvent,
                          const nlohmann::json& subject, const std::function<nlohmann::json()>& body) {
  try {
    return body();
  } catch (const api::CommandError& e) {
    raiseFailure(deps, ctx, failureEvent, subject, e);
    throw;
  } catch (const gluster::GatewayError& e) {
    api::CommandError mapped = toCommandError(e);
    raiseFailure(deps, ctx, failureEvent, subject, mapped);
    throw mapped;
  } catch (const dao::LockBusy& e) {
    api::CommandError mapped(api::ErrorCode::kConflict, e.what(), {}, nlohmann::json{{"reason", "busy"}});
    raiseFailure(deps, ctx, failureEvent, subject, mapped);
    throw mapped;
  } catch (const std::exception& e) {
    if (api::isDatabaseUnavailable(e)) {
      api::CommandError mapped(api::ErrorCode::kUnavailable, std::string("the database is unavailable: ") + e.what(),
                               {}, nlohmann::json{{"reason", "database_down"}});
      raiseFailure(deps, ctx, failureEvent, subject, mapped);
      throw mapped;
    }
    spdlog::error("{}: unexpected failure: {}", failureEvent, e.what());
    raiseFailure(deps, ctx, failureEvent, subject,
                 api::CommandError(api::ErrorCode::kInternal, e.what()));
    throw;
  }
}

}  // namespace georep::commands
