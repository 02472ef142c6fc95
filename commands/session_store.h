// Writing what was read back from GlusterFS for a stored session: the master volume and its bricks
// (VolumeDao::upsert, so brick ids stay stable), the session's aggregate status and raw worker states,
// and its per-brick worker details. Opens no transaction: callers wrap it, with their other writes, in
// the ONE transaction of their command, after the gluster side succeeded and was read back.
// Thread-safety: functions; `sql` belongs to the calling thread.
#pragma once

#include <cstdint>

#include "commands/command_deps.h"
#include "commands/session_readback.h"

namespace soci {
class session;
}

namespace georep::commands {

// Requires snapshot.status (the session is listed). Returns the master volume's id.
std::int64_t writeSnapshot(CommandDeps& deps, soci::session& sql, std::int64_t clusterId, std::int64_t sessionId,
                           const SessionSnapshot& snapshot);

}  // namespace georep::commands
