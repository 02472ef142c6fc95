#include "engine/src/http/job_launcher.h"

#include <future>
#include <memory>

#include <spdlog/spdlog.h>

#include "engine/api/database_errors.h"
#include "engine/src/commands/engine_command_bus.h"
#include "engine/src/commands/param_validator.h"
#include "engine/src/common/correlation.h"
#include "engine/src/http/http_reply_helpers.h"

namespace georep::engine {
namespace {

// What the synchronous request would refuse at once: an unknown command, a role too low, bad parameters.
void checkBeforeRunning(api::CommandBus& bus, const api::Caller& caller, const std::string& command,
                        const nlohmann::json& params) {
  for (const auto& spec : bus.commands()) {
    if (spec.name != command) continue;
    EngineCommandBus::checkRole(caller, spec);
    validateParams(spec, params);
    return;
  }
  throw api::CommandError(api::ErrorCode::kNotFound, "the command of this route is not registered");
}

}  // namespace

std::string jobPath(const std::string& id) { return "/api/jobs/" + id; }

HttpReply JobLauncher::launch(const api::Caller& caller, const api::RouteSpec& route, const nlohmann::json& params,
                              const std::string& request) const {
  checkBeforeRunning(bus_, caller, route.command, params);
  const std::string id = newCorrelationId();
  // The worker waits until the job is recorded (or gives up when recording failed).
  auto recorded = std::make_shared<std::promise<bool>>();
  std::shared_future<bool> go = recorded->get_future().share();
  const bool queued = submit_([this, id, caller, route, params, go](bool cancelled) {
    if (!go.get()) return;
    try {
      if (cancelled) {
        store_.fail(id, 503,
                    api::CommandError(api::ErrorCode::kUnavailable, "the engine stopped before the job ran").toJson());
        return;
      }
      run(id, caller, route, params);
    } catch (const std::exception& e) {
      spdlog::error("job {}: its outcome could not be recorded: {}", id, e.what());
    }
  });
  if (!queued) {
    return errorReply(503, api::CommandError(api::ErrorCode::kUnavailable,
                                             "the engine is busy: too many requests in flight; retry later"));
  }
  try {
    store_.create(id, caller, route.command, request);
  } catch (const std::exception& e) {
    recorded->set_value(false);  // the worker gives up: nothing runs without its job recorded
    if (api::isDatabaseUnavailable(e))
      throw api::CommandError(api::ErrorCode::kUnavailable, std::string("the database is unavailable: ") + e.what());
    throw;
  } catch (...) {
    recorded->set_value(false);
    throw;
  }
  recorded->set_value(true);
  HttpReply reply{202,
                  {{"id", id}, {"state", "running"}, {"command", route.command}, {"href", jobPath(id)}},
                  {}, {}};
  reply.xml.root = "job";
  reply.headers.emplace_back("X-Correlation-Id", id);
  reply.headers.emplace_back("Location", jobPath(id));
  return reply;
}

void JobLauncher::run(const std::string& id, const api::Caller& caller, const api::RouteSpec& route,
                      const nlohmann::json& params) const {
  CorrelationScope scope(id);  // the command's correlation id is the job's
  const api::CommandOutcome outcome = bus_.dispatchAs(caller, route.command, params);
  if (outcome.ok) {
    store_.succeed(id, route.successStatus,
                   route.resultField.empty() ? outcome.result : outcome.result.value(route.resultField, nlohmann::json()));
    return;
  }
  const api::CommandError error = outcome.error.value_or(
      api::CommandError(api::ErrorCode::kInternal, "the command failed without an error"));
  store_.fail(id, httpStatusFor(error.code()), error.toJson());
}

}  // namespace georep::engine
