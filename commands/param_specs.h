// Parameter schemas shared by several commands, so that every command names and describes them alike.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "engine/api/command_bus.h"

namespace georep::commands {

// `session_id`: required integer >= 1, the database id of the session.
api::ParamSpec sessionIdSpec();
// `force`: boolean, default false.
api::ParamSpec forceSpec(std::string description);
// `cluster`: a cluster name of the inventory.
api::ParamSpec clusterSpec(bool required, std::string description);
// A Gluster volume name (1..256 characters; checked against glusterd's rules by the gateway).
api::ParamSpec volumeNameSpec(std::string name, bool required, std::string description);
// `secondary_host`: required, a node of the secondary cluster (DNS name or IPv4; checked by the gateway).
api::ParamSpec secondaryHostSpec();
// `secondary_user`: the SSH user on the secondary, default "root".
api::ParamSpec secondaryUserSpec(std::string description);

}  // namespace georep::commands
