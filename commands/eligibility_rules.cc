#include "commands/eligibility_rules.h"

#include <algorithm>
#include <cctype>

#include "gluster/volume_capacity.h"

namespace georep::commands {
namespace {

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string joined(const std::vector<std::string>& items, std::size_t max = 5) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < max; ++i) out += (i ? ", " : "") + items[i];
  if (items.size() > max) out += " and " + std::to_string(items.size() - max) + " more";
  return out;
}

// Whether the candidate lives in the master's glusterd pool: a brick on a master peer, or the secondary
// host named as a master peer. nullopt when neither side's facts allow telling.
std::optional<bool> sharesPool(const MasterFacts& master, const CandidateFacts& candidate) {
  if (candidate.clusterId && *candidate.clusterId == master.clusterId) return true;
  if (!master.peers.value) return std::nullopt;
  for (const auto& peer : *master.peers.value) {
    if (equalsIgnoringCase(peer.hostname, candidate.secondaryHost)) return true;
    for (const auto& uuid : candidate.brickHostUuids) {
      if (equalsIgnoringCase(peer.uuid, uuid)) return true;
    }
  }
  if (candidate.brickHostUuids.empty()) return std::nullopt;  // the secondary's bricks are not known
  return false;
}

}  // namespace

std::string_view reasonCodeName(ReasonCode code) {
  switch (code) {
    case ReasonCode::kNotStarted: return "not_started";
    case ReasonCode::kSameCluster: return "same_cluster";
    case ReasonCode::kAlreadySecondary: return "already_secondary";
    case ReasonCode::kTooSmall: return "too_small";
    case ReasonCode::kNotEmpty: return "not_empty";
    case ReasonCode::kVersionMismatch: return "version_mismatch";
    case ReasonCode::kUnreachable: return "unreachable";
    case ReasonCode::kUnverifiable: return "unverifiable";
    case ReasonCode::kDirectorySecondary: return "directory_secondary";
  }
  return "unverifiable";
}

bool isBlocking(ReasonCode code) {
  switch (code) {
    case ReasonCode::kUnverifiable: return false;
    case ReasonCode::kNotStarted:
    case ReasonCode::kSameCluster:
    case ReasonCode::kAlreadySecondary:
    case ReasonCode::kTooSmall:
    case ReasonCode::kNotEmpty:
    case ReasonCode::kVersionMismatch:
    case ReasonCode::kUnreachable:
    case ReasonCode::kDirectorySecondary: return true;
  }
  return true;
}

std::int64_t majorOfOpVersion(std::int64_t opVersion) { return opVersion / 10000; }

std::vector<EligibilityReason> judgeCandidate(const MasterFacts& master, const CandidateFacts& c) {
  std::vector<EligibilityReason> out;
  const auto add = [&out](ReasonCode code, std::string message) { out.push_back({code, std::move(message)}); };
  const std::string what = "secondary volume " + c.volume;

  if (c.givenAsDirectory) {
    add(ReasonCode::kDirectorySecondary,
        "'" + c.volume + "' is a directory, not a volume: GlusterFS dropped directory (non-volume) secondaries in "
        "3.5; create a GlusterFS volume on the secondary cluster and use it");
    return out;
  }
  for (const auto& use : c.usedBy) {
    add(ReasonCode::kAlreadySecondary, what + " is already the secondary of session " + std::to_string(use.sessionId) +
                                           " (" + use.cluster + "/" + use.masterVolume + " -> " + use.secondary +
                                           "): two masters writing one secondary overwrite each other");
  }

  const auto pool = sharesPool(master, c);
  if (pool && *pool) {
    add(ReasonCode::kSameCluster, what + " is in the same GlusterFS cluster (glusterd pool) as master volume " +
                                      master.volume + ": a disaster taking the master down takes it too");
  }

  if (!c.clusterId) {
    std::string checks = "started, size, emptiness, GlusterFS version and node reachability";
    if (!pool) checks = "other-cluster, " + checks;
    add(ReasonCode::kUnverifiable, "host " + c.secondaryHost +
                                       " belongs to no cluster registered in georep, so its glusterd is not read: " +
                                       checks + " are left to glusterd's own create check (gverify)");
    return out;
  }
  if (c.clusterUnreachable) {
    add(ReasonCode::kUnreachable, "the secondary cluster's glusterd does not answer: " + *c.clusterUnreachable);
    return out;
  }
  if (c.state && *c.state != gluster::VolumeState::kStarted) {
    add(ReasonCode::kNotStarted,
        what + " is " + std::string(gluster::volumeStateName(*c.state)) + ": start it before creating a session");
  }
  if (!c.offlineBricks.empty()) {
    add(ReasonCode::kUnreachable, what + " has bricks that are not online: " + joined(c.offlineBricks));
  }
  if (!pool) add(ReasonCode::kUnverifiable, "whether " + what + " is in the master's cluster: " + master.peers.whyUnknown);

  if (master.usableBytes.value && c.usableBytes.value) {
    if (*c.usableBytes.value < *master.usableBytes.value) {
      add(ReasonCode::kTooSmall, what + " holds " + gluster::humanBytes(*c.usableBytes.value) + " (" +
                                     std::to_string(*c.usableBytes.value) + " bytes), less than master volume " +
                                     master.volume + "'s " + gluster::humanBytes(*master.usableBytes.value) + " (" +
                                     std::to_string(*master.usableBytes.value) + " bytes)");
    }
  } else {
    const std::string why = !master.usableBytes.value ? "master: " + master.usableBytes.whyUnknown
                                                      : "secondary: " + c.usableBytes.whyUnknown;
    add(ReasonCode::kUnverifiable, "sizes could not be compared (" + why + ")");
  }

  if (c.firstEntry.value) {
    if (!c.firstEntry.value->empty()) {
      add(ReasonCode::kNotEmpty, what + " is not empty (a brick holds " + *c.firstEntry.value +
                                     "): geo-replication would mix its files with the master's");
    }
  } else {
    add(ReasonCode::kUnverifiable, "emptiness of " + what + " could not be checked: " + c.firstEntry.whyUnknown);
  }

  if (master.opVersion.value && c.opVersion.value) {
    const auto m = majorOfOpVersion(*master.opVersion.value);
    const auto s = majorOfOpVersion(*c.opVersion.value);
    if (m != s) {
      add(ReasonCode::kVersionMismatch, "GlusterFS major versions differ: master cluster " + std::to_string(m) +
                                            " (op-version " + std::to_string(*master.opVersion.value) +
                                            "), secondary cluster " + std::to_string(s) + " (op-version " +
                                            std::to_string(*c.opVersion.value) + ")");
    }
  } else {
    const std::string why = !master.opVersion.value ? "master: " + master.opVersion.whyUnknown
                                                    : "secondary: " + c.opVersion.whyUnknown;
    add(ReasonCode::kUnverifiable, "GlusterFS versions could not be compared (" + why + ")");
  }
  return out;
}

nlohmann::json reasonsJson(const std::vector<EligibilityReason>& reasons) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : reasons) {
    out.push_back({{"code", std::string(reasonCodeName(r.code))}, {"message", r.message}, {"blocking", r.blocking()}});
  }
  return out;
}

std::string reasonsSummary(const std::vector<EligibilityReason>& reasons) {
  std::string out;
  for (const auto& r : reasons) {
    out += (out.empty() ? "" : "; ") + std::string(reasonCodeName(r.code)) + ": " + r.message;
  }
  return out;
}

}  // namespace georep::commands
