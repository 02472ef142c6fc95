// georep.session.eligibility (viewer): the candidate secondary volumes for a master volume and a
// secondary host, each with every reason it is not (or may not be) eligible (commands/eligibility_rules.h);
// and enforceSessionEligibility(), the check georep.session.create runs before anything is sent to
// GlusterFS. Its REST route: GET /api/clusters/{cluster}/glustervolumes/{volume}/georeplication-eligibility.
// Thread-safety: stateless functions (CommandDeps is thread-safe).
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "commands/command_deps.h"
#include "dao/secondary_volume_lock.h"
#include "engine/api/command_bus.h"
#include "engine/api/inventory.h"
#include "engine/api/routes.h"
#include "gluster/gateway.h"
#include "gluster/model.h"

namespace soci {
class session;
}

namespace georep::commands {

api::CommandSpec sessionEligibilitySpec();
nlohmann::json sessionEligibility(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx);

// What georep.session.create keeps of the check: the blocking reasons force overrode (an empty array when
// none), for the reply's "eligibility_overridden", and the lock on the secondary volume name, to hold
// until the new session is committed (dao/secondary_volume_lock.h).
struct EligibilityVerdict {
  nlohmann::json overridden;
  dao::SecondaryVolumeLock lock;
};

// For georep.session.create, on the create's own connection (`sql`), after its own checks and before
// anything is sent: locks the secondary volume name, then judges the secondary volume of `session`
// (`masterLive`: the master cluster's live `volume info`, which lists the master volume). Blocking reasons
// without `force` -> CommandError conflict whose message lists every reason and whose details are
// {reasons: [...]}; a secondary volume missing from its registered cluster -> not_found (field
// secondary_volume); another create to the same secondary past the lock wait -> dao::LockBusy.
EligibilityVerdict enforceSessionEligibility(CommandDeps& deps, soci::session& sql, const api::Cluster& cluster,
                                             const std::vector<gluster::VolumeInfo>& masterLive,
                                             const gluster::SessionRef& session, bool force);

// The route of georep.session.eligibility, and the schema of its result.
std::vector<api::RouteSpec> eligibilityRouteSpecs();
nlohmann::json eligibilitySchema();
// `sessionSchema` with the "eligibility_overridden" array georep.session.create adds.
nlohmann::json withEligibilityOverridden(nlohmann::json sessionSchema);

}  // namespace georep::commands
