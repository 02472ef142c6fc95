// The plugin's REST routes (engine/api/routes.h): volumes, geo-replication sessions, their lifecycle
// actions and options, each a declarative view over one of the plugin's commands. A route under
// .../georeplication-sessions/{session} answers 404 unless the session belongs to the cluster and volume
// of the path.
// Thread-safety: call from one thread (the plugin's start()); routes exist until the Registrations go.
#pragma once

#include <vector>

#include "engine/api/registration.h"
#include "engine/api/routes.h"

namespace georep::commands {

// Every route spec, in registration order.
std::vector<api::RouteSpec> routeSpecs();

std::vector<api::Registration> registerRoutes(api::RouteTable& routes);

}  // namespace georep::commands
