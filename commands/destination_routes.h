// The REST routes of the georep.destination.* commands, under /api/clusters/{cluster}/
// georeplication-destinations (a destination of another cluster answers 404 there), and
// GET /api/georeplication-destination-keys. Passwords travel only in request bodies.
// Thread-safety: pure function.
#pragma once

#include <vector>

#include "engine/api/routes.h"

namespace georep::commands {

std::vector<api::RouteSpec> destinationRouteSpecs();

}  // namespace georep::commands
