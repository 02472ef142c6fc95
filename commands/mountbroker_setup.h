// Non-root geo-replication secondaries, for georep.session.create (two calls, one before `create push-pem`,
// one after), as GlusterFS documents them:
//   before: on every node of the secondary cluster (root access through georep's inventory: the secondary
//   host must be a host of a registered cluster): the user must exist; it must find `gluster` after
//   sourcing /etc/profile (glusterd's create check runs it so; Debian leaves /usr/sbin out of non-root
//   PATHs: /etc/profile.d/glusterfs-georep.sh is written then); the mountbroker group is created if
//   missing and the user added to it; `gluster-mountbroker setup ROOT GROUP` and `add VOLUME USER` (they
//   write glusterd.vol on every peer); then glusterd restarted one node at a time (the configured argv),
//   each waited for (`gluster pool list` answers) and checked (glusterd.vol holds the options) before the
//   next. Nodes already configured are not restarted, so a second create restarts nothing.
//   after: `set_geo_rep_pem_keys.sh USER PRIMARY SECONDARY` on the secondary host (the push-pem hook left
//   the geo-rep keys in the user's home; the script authorizes them on every secondary node).
// Each step is checked; a failure throws CommandError (unavailable / conflict / gluster_error) whose
// message says what was done and what to do next, details {mountbroker: {state, done, next_step}}; the same
// state is kept on the destination record of that host and user, if there is one (its `mountbroker`).
// When the secondary host is in no registered cluster, nothing is done here and the state says so
// ("not_managed", with the commands to run as root on every secondary node).
// Thread-safety: functions; handlers may run concurrently.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "commands/command_deps.h"
#include "gluster/gateway.h"

namespace georep::commands {

// invalid_argument when the secondary is a directory (host:/path, /path) rather than a volume: GlusterFS
// dropped non-volume secondaries in 3.5.
void refuseDirectorySecondary(const nlohmann::json& params);

// No-op (nullopt) for root (session.create does not call it with no_verify: the secondary is prepared). Otherwise the mountbroker state after the preparation (see above).
std::optional<nlohmann::json> prepareMountbroker(CommandDeps& deps, const gluster::SessionRef& ref);
// After create push-pem (the session exists): never throws a step failure; returns the final state (state
// "ready" when done, else "incomplete" with error and next_step, reported in session.create's reply).
nlohmann::json finishMountbroker(CommandDeps& deps, const gluster::SessionRef& ref, nlohmann::json state);

}  // namespace georep::commands
