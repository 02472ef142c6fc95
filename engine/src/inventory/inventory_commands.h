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

class PgInventory;

std::vector<api::Registration> registerInventoryCommands(api::CommandBus& bus, PgInventory& inventory);

}  // namespace georep::engine
