// The georep.destination.* commands (geo-replication destinations: passwordless SSH from a source cluster
// to a destination user, set up by georep; see commands/destination_access.h for the shared parts and the
// error mapping, README "Destinations and non-root secondaries" for the flow):
//   probe (admin)        host key fingerprint, banner, gluster version/volumes when reachable as root
//   create (admin)       explicit trust on first use, gsec_create, keys pushed, host keys pinned
//   list / get (viewer)  the stored destinations
//   test (operator)      ssh with the geo-rep key from the source node to each destination node
//   reestablish (admin)  re-push keys and re-pin after an admin-confirmed key change
//   remove (admin)       take away exactly the keys georep added, forget the destination
//   keys (admin)         the allow-listed private key names with their fingerprints
// registerDestinations() also schedules the periodic test (georep.destination.status_changed on change).
// Thread-safety: handlers may run concurrently (CommandDeps is thread-safe).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands/command_deps.h"
#include "engine/api/command_bus.h"
#include "engine/api/registration.h"
#include "engine/api/scheduler.h"

namespace georep::commands {

api::CommandSpec destinationProbeSpec();
nlohmann::json destinationProbe(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);
api::CommandSpec destinationCreateSpec();
nlohmann::json destinationCreate(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);
api::CommandSpec destinationReestablishSpec();
nlohmann::json destinationReestablish(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);
api::CommandSpec destinationListSpec();
nlohmann::json destinationList(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);
api::CommandSpec destinationGetSpec();
nlohmann::json destinationGet(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);
api::CommandSpec destinationTestSpec();
nlohmann::json destinationTest(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);
api::CommandSpec destinationRemoveSpec();
nlohmann::json destinationRemove(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);
api::CommandSpec destinationKeysSpec();
nlohmann::json destinationKeys(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);

// Tests every destination from its source node and records the outcome; raises
// georep.destination.status_changed for each destination whose status changed. Returns how many changed.
int testAllDestinations(CommandDeps& deps);

// The specs of the commands above (manifest, routes), and every event they and the periodic test raise.
std::vector<api::CommandSpec> destinationCommandSpecs();
std::vector<std::string> destinationEventNames();

// Registers the commands above and schedules the periodic test (DestinationOptions::testInterval).
std::vector<api::Registration> registerDestinations(api::CommandBus& bus, api::Scheduler& scheduler,
                                                    CommandDeps& deps);

}  // namespace georep::commands
