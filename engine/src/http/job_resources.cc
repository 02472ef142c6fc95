#include "engine/src/http/job_resources.h"

#include <string>

#include "engine/src/http/job_launcher.h"

namespace georep::engine {

nlohmann::json jobJson(const JobRecord& job) {
  return {{"id", job.id},
          {"state", job.state},
          {"command", job.command},
          {"request", job.request},
          {"http_status", job.httpStatus ? nlohmann::json(*job.httpStatus) : nlohmann::json(nullptr)},
          {"result", job.result},
          {"error", job.error},
          {"created_at", job.createdAt},
          {"finished_at", job.finishedAt ? nlohmann::json(*job.finishedAt) : nlohmann::json(nullptr)},
          {"href", jobPath(job.id)}};
}

std::vector<api::Registration> registerJobResources(api::CommandBus& bus, api::RouteTable& routes, JobStore& store) {
  std::vector<api::Registration> out;
  api::CommandSpec spec{"job.get", "One REST job (a request run with ?wait=false): its state and outcome", {},
                        api::Role::kViewer};
  api::ParamSpec id;
  id.name = "id";
  id.required = true;
  id.maxLength = 64;
  id.description = "the job id (the correlation id of its command)";
  spec.params.push_back(std::move(id));
  out.push_back(bus.registerHandler(std::move(spec), [&store](const nlohmann::json& params,
                                                              const api::CommandContext& ctx) {
    const std::string id = params.at("id").get<std::string>();
    const auto job = store.find(id);
    // Another user's job reads exactly like a job that does not exist.
    if (!job || (ctx.caller.role != api::Role::kAdmin && job->owner != ctx.caller.user))
      throw api::CommandError(api::ErrorCode::kNotFound, "no job " + id, "id");
    return nlohmann::json{{"job", jobJson(*job)}};
  }));

  api::RouteSpec get = api::makeRoute("GET", "/api/jobs/{job}", "job.get",
                                      "A job started with ?wait=false: state running, succeeded or failed, and the "
                                      "command's result or typed error.");
  get.params = {api::pathParam("job", "id")};
  get.resultField = "job";
  get.xml.root = "job";
  out.push_back(routes.registerRoute(std::move(get)));
  return out;
}

}  // namespace georep::engine
