// engine.leadership (viewer) and GET /api/engine/leadership: which engine leads each cluster of the
// inventory (id, host, pid, epoch, since, lease expiry, cycles committed under the epoch, last cycle),
// read from engine_cluster_leaders, plus who is answering (this engine's id and the clusters it leads by
// its own clock). A cluster nobody leads yet shows leader null.
// Thread-safety: the handler may run on any thread; the manager and database must outlive the registrations.
#pragma once

#include <vector>

#include "engine/api/command_bus.h"
#include "engine/api/database.h"
#include "engine/api/registration.h"
#include "engine/api/routes.h"

namespace georep::engine {

class LeadershipManager;

std::vector<api::Registration> registerLeadershipCommands(api::CommandBus& bus, api::RouteTable& routes,
                                                          LeadershipManager& leadership, api::Database& database);

}  // namespace georep::engine
