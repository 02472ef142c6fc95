// JobLauncher: runs a REST request asked with `?wait=false` as a job. Before anything is recorded it
// checks what the synchronous request would check first (the caller's role and the command's parameters:
// 403/400 at once) and takes a place on the HTTP server's bounded worker pool (full: 503 + Retry-After,
// nothing recorded, nothing run). Then it records the job (JobStore) and answers 202 with the job, the
// command's correlation id in X-Correlation-Id and Location: /api/jobs/{id}; the command runs on the worker
// with that correlation id, and its outcome (the route's resource, or the typed error and the HTTP status
// the synchronous request would have had) is written to the job. A job the pool drops when the server
// stops is marked failed.
// Thread-safety: launch() may be called concurrently; the store, the bus and the submit function must be
// thread-safe and outlive the launcher.
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/api/command_bus.h"
#include "engine/api/routes.h"
#include "engine/src/http/http_router.h"
#include "engine/src/http/job_store.h"

namespace georep::engine {

class JobLauncher {
 public:
  // Queues `work` (called with cancelled == true when it is dropped unrun); false when the queue is full.
  using Submit = std::function<bool(std::function<void(bool cancelled)> work)>;

  JobLauncher(api::CommandBus& bus, JobStore& store, Submit submit)
      : bus_(bus), store_(store), submit_(std::move(submit)) {}

  // `request` names the request in the job ("POST /api/.../start"). May throw CommandError (400/403).
  HttpReply launch(const api::Caller& caller, const api::RouteSpec& route, const nlohmann::json& params,
                   const std::string& request) const;

 private:
  void run(const std::string& id, const api::Caller& caller, const api::RouteSpec& route,
           const nlohmann::json& params) const;

  api::CommandBus& bus_;
  JobStore& store_;
  Submit submit_;
};

// The path of a job resource: "/api/jobs/<id>".
std::string jobPath(const std::string& id);

}  // namespace georep::engine
