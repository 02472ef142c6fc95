// The REST routes of the engine's inventory (engine/api/routes.h): GET /api/clusters,
// /api/clusters/{cluster}, /api/clusters/{cluster}/hosts, views over cluster.list, cluster.get, host.list.
// Thread-safety: call once at start-up; the registrations remove the routes when destroyed.
#pragma once

#include <vector>

#include "engine/api/registration.h"
#include "engine/api/routes.h"

namespace georep::engine {

std::vector<api::Registration> registerInventoryRoutes(api::RouteTable& routes);

}  // namespace georep::engine
