// The engine's inventory commands on the command bus: cluster.add, cluster.list, cluster.remove,
// host.add, host.list, host.remove. Thin handlers: the bus validates types, ranges and enums against
// the schemas registered here; PgInventory validates content (names, addresses, paths, fingerprints)
// and stores. Results are JSON objects ({"cluster":..}, {"clusters":[..]}, {"host":..}, {"hosts":[..]},
// {"removed":..}); failures are typed errors (invalid_argument naming the field, not_found, conflict).
// Thread-safety: the handlers are thread-safe (PgInventory is). The inventory must outlive the returned
// registrations.
#pragma once

#include <vector>

#include "engine/api/command_bus.h"
#include "engine/api/registration.h"

namespace georep::engine {

class AllowList;
class PgInventory;

// cluster.add's gluster_command and host.add's ssh_key are NAMES looked up in `allow` (the engine config's
// allow-lists); the resolved path is what is stored, and a name that is not listed (or a path) is
// invalid_argument naming the parameter. `allow` must outlive the registrations.
std::vector<api::Registration> registerInventoryCommands(api::CommandBus& bus, PgInventory& inventory,
                                                         const AllowList& allow);

}  // namespace georep::engine
