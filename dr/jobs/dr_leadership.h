// Which DR sessions this engine schedules when several engines share one database: those whose cluster it
// leads (api::Leadership, engine/api/leadership.h). The DR scheduler asks once per tick.
// Thread-safety: stateless; runs on the caller's session.
#pragma once

#include <cstdint>
#include <optional>
#include <set>

namespace soci {
class session;
}

namespace georep::api {
class Leadership;
}

namespace georep::dr {

// The ids of the sessions whose cluster `leadership` says this engine leads now; nullopt when there is no
// leadership (a host that runs alone: every session).
std::optional<std::set<std::int64_t>> sessionsLedHere(soci::session& sql, api::Leadership* leadership);

}  // namespace georep::dr
