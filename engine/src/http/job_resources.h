// The jobs resource: command `job.get` (viewer) and its route GET /api/jobs/{job}. A job is shown to the
// user who started it and to admins; to anyone else it does not exist (404, the same reply as an unknown
// id, so job ids cannot be probed).
// Thread-safety: the handler may run concurrently; the store must outlive the registrations.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/command_bus.h"
#include "engine/api/routes.h"
#include "engine/src/http/job_store.h"

namespace georep::engine {

std::vector<api::Registration> registerJobResources(api::CommandBus& bus, api::RouteTable& routes, JobStore& store);

// The JSON of a job as job.get returns it.
nlohmann::json jobJson(const JobRecord& job);

}  // namespace georep::engine
