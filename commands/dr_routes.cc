#include "commands/dr_routes.h"

#include <utility>

namespace georep::commands {
namespace {

using api::bodyParam;
using api::makeRoute;
using api::pathParam;
using api::RouteSpec;

std::vector<api::RouteParam> settingsInBody() {
  std::vector<api::RouteParam> params;
  for (const char* field : {"schedule", "time_zone", "run_timeout_seconds", "mode", "rpo_target_seconds", "hooks"}) {
    params.push_back(bodyParam(field));
  }
  return params;
}

}  // namespace

std::vector<RouteSpec> drPolicyRouteSpecs(const std::string& sessionPath, const api::RouteScope& sessionScope) {
  const std::string policy = sessionPath + "/dr-policy";
  const auto sessionId = pathParam("session", "session_id", api::ParamType::kInteger);
  std::vector<RouteSpec> specs;
  const auto add = [&](RouteSpec spec, std::vector<api::RouteParam> body) {
    spec.params = {sessionId};
    for (auto& p : body) spec.params.push_back(std::move(p));
    spec.scope = sessionScope;
    specs.push_back(std::move(spec));
  };

  add(makeRoute("GET", policy, "georep.dr.policy.get", "The session's DR policy."), {});
  auto create = makeRoute("POST", policy, "georep.dr.policy.create",
                          "Give the session a DR policy (schedule, time_zone, run_timeout_seconds, mode, "
                          "rpo_target_seconds, hooks, paused in the body).");
  create.successStatus = 201;
  create.location = policy;
  auto createBody = settingsInBody();
  createBody.push_back(bodyParam("paused"));
  add(std::move(create), std::move(createBody));
  add(makeRoute("PUT", policy, "georep.dr.policy.update", "Change the settings given in the body; others are kept."),
      settingsInBody());
  add(makeRoute("DELETE", policy, "georep.dr.policy.delete", "Remove the session's DR policy (history kept)."), {});
  add(makeRoute("POST", policy + "/pause", "georep.dr.policy.pause", "Pause the policy's scheduled runs."), {});
  add(makeRoute("POST", policy + "/resume", "georep.dr.policy.resume", "Resume the policy's scheduled runs."), {});

  add(makeRoute("GET", sessionPath + "/dr-runs", "georep.dr.run.list", "The session's DR runs, newest first."),
      {api::queryParam("limit", api::ParamType::kInteger)});
  auto now = makeRoute("POST", sessionPath + "/dr-runs", "georep.dr.run.now",
                       "Start a run of the session's DR policy now (also when paused); follow it with GET .../dr-runs/{run}.");
  now.successStatus = 202;
  now.location = sessionPath + "/dr-runs/{run_id}";
  add(std::move(now), {});
  add(makeRoute("POST", sessionPath + "/dr-runs/cancel", "georep.dr.run.cancel",
                "Cancel the session's DR run in flight, through whichever engine runs it (post hooks still run)."),
      {});
  add(makeRoute("GET", sessionPath + "/dr-runs/{run}", "georep.dr.run.get",
                "One DR run with its progress (workers done of Active, pending, elapsed, step)."),
      {pathParam("run", "run_id", api::ParamType::kInteger)});

  specs.push_back(makeRoute("GET", "/api/dr-policies", "georep.dr.policy.list", "Every DR policy."));
  return specs;
}

}  // namespace georep::commands
