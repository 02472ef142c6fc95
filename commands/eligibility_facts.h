// Gathering the facts the eligibility rules (commands/eligibility_rules.h) judge, and the report of
// georep.session.eligibility. What is read and from where:
//  - master side, through ClusterGateway on the master's cluster: `volume info` (layout), `volume status
//    VOL detail` (brick sizes), `volume get all cluster.op-version`, `pool list` (peer UUIDs);
//  - the secondary host is looked up among the hosts of every cluster of georep's inventory. When it is
//    a host of a registered cluster, that cluster is read the same way (volume info, status detail,
//    op-version), and each brick's top directory is listed on its own node (gluster/brick_entries.h)
//    when the brick's host is an inventory host of that cluster. When it is no registered cluster's host,
//    nothing is read from it: the checks needing its glusterd are `unverifiable` (glusterd's own create
//    pre-check, gverify, still refuses size, emptiness and version there);
//  - the database: sessions of any cluster whose secondary is the candidate (same volume UUID, or same
//    volume name on a host of the candidate's cluster / the named host).
// A read that fails leaves its fact unknown (an `unverifiable` reason naming why), except the secondary
// cluster's glusterd not answering at all (`unreachable`).
// Thread-safety: functions; run on the calling command's thread and database connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands/command_deps.h"
#include "commands/eligibility_rules.h"
#include "engine/api/inventory.h"
#include "gluster/model.h"

namespace soci {
class session;
}

namespace georep::commands {

struct EligibilityQuery {
  api::Cluster masterCluster;
  std::string masterVolume;
  std::string secondaryHost;
  std::string secondaryUser = "root";
  // One named candidate (create); nullopt = every volume of the secondary cluster.
  std::optional<std::string> secondaryVolume;
};

struct EligibilityCandidate {
  std::string volume;
  std::optional<std::string> cluster;  // the registered cluster it lives in
  std::vector<EligibilityReason> reasons;
  bool eligible() const;
  std::vector<EligibilityReason> blockingReasons() const;
};

struct EligibilityReport {
  EligibilityQuery query;
  std::optional<api::Cluster> secondaryCluster;
  std::vector<EligibilityCandidate> candidates;
  bool namedVolumeMissing = false;  // the named secondary volume is not in its registered cluster
};

// `masterInfo`: the master volume's live `volume info` when the caller has it (create); otherwise it is
// read (CommandError not_found, field master_volume, when the cluster does not have it).
EligibilityReport assessEligibility(CommandDeps& deps, soci::session& sql, const EligibilityQuery& query,
                                    const std::optional<gluster::VolumeInfo>& masterInfo = std::nullopt);

// {master_volume, secondary_host, secondary_user, secondary_cluster, candidates: [{volume, cluster,
// eligible, reasons: [{code, message, blocking}]}]}
nlohmann::json eligibilityJson(const EligibilityReport& report);

}  // namespace georep::commands
