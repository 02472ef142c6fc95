// The plugin config section "destinations" (commands::DestinationOptions), every key optional:
//   "private_keys":        {"name": "/absolute/path/of/a/private/key"}  the keys georep.destination.create may
//                          use instead of a password, by NAME (root-owned files the engine can read)
//   "glusterd_restart":    ["systemctl", "restart", "glusterd"]  argv run on a destination node (as root,
//                          through the inventory) after gluster-mountbroker changed glusterd's options
//   "mountbroker_root":    "/var/mountbroker-root"   gluster-mountbroker setup's root
//   "mountbroker_group":   "geogroup"                its group
//   "set_pem_keys_script": "/usr/lib/x86_64-linux-gnu/glusterfs/set_geo_rep_pem_keys.sh"
//   "connect_timeout_ms":  10000 (1000..120000)      SSH connect+auth to a destination
//   "test_interval_ms":    300000 (0 = off, else 10000..86400000)  the periodic destination test
// Paths must be absolute, without . or .. parts; names [A-Za-z0-9._-]. Anything else throws
// std::invalid_argument naming the key (the engine refuses to load the plugin).
// Thread-safety: pure function.
#pragma once

#include <nlohmann/json.hpp>

#include "commands/command_deps.h"

namespace georep::plugin {

commands::DestinationOptions parseDestinationOptions(const nlohmann::json& section);

}  // namespace georep::plugin
