#include "commands/eligibility_facts.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <utility>

#include <soci/soci.h>

#include "engine/api/command_error.h"
#include "gluster/brick_entries.h"
#include "gluster/cluster_gateway.h"
#include "gluster/errors.h"
#include "gluster/input_validation.h"
#include "gluster/volume_capacity.h"

namespace georep::commands {
namespace {

using api::CommandError;
using api::ErrorCode;

bool sameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// Runs `read`; a failure becomes the fact's reason for being unknown.
template <typename T>
Known<T> readFact(const std::function<T()>& read) {
  Known<T> out;
  try {
    out.value = read();
  } catch (const gluster::GatewayError& e) {
    out.whyUnknown = std::string(gluster::errorKindName(e.kind())) + ": " + e.what();
  }
  return out;
}

std::optional<api::Cluster> clusterOfHost(api::Inventory& inventory, const std::string& address) {
  for (const auto& cluster : inventory.clusters()) {
    for (const auto& host : inventory.hosts(cluster.id)) {
      if (sameName(host.address, address)) return cluster;
    }
  }
  return std::nullopt;
}

const gluster::VolumeStatus* statusOf(const std::vector<gluster::VolumeStatus>& all, const std::string& volume) {
  for (const auto& v : all) {
    if (v.name == volume) return &v;
  }
  return nullptr;
}

Known<std::int64_t> capacityOf(const gluster::VolumeInfo& info, const Known<std::vector<gluster::VolumeStatus>>& detail) {
  Known<std::int64_t> out;
  if (!detail.value) {
    out.whyUnknown = detail.whyUnknown;
    return out;
  }
  const gluster::VolumeStatus* status = statusOf(*detail.value, info.name);
  if (!status) {
    out.whyUnknown = "volume " + info.name + " is missing from its status detail";
    return out;
  }
  const auto capacity = gluster::usableCapacity(info, *status);
  out.value = capacity.usableBytes;
  if (!out.value) {
    std::string bricks;
    for (const auto& b : capacity.unknownBricks) bricks += (bricks.empty() ? "" : ", ") + b;
    out.whyUnknown = "no size for brick(s) " + bricks + " of volume " + info.name;
  }
  return out;
}

Known<std::vector<gluster::VolumeStatus>> statusDetail(CommandDeps& deps, const api::Cluster& cluster,
                                                       const gluster::VolumeInfo& info) {
  if (info.state != gluster::VolumeState::kStarted) {
    return {std::nullopt, "volume " + info.name + " is not started, so glusterd reports no brick sizes"};
  }
  return readFact<std::vector<gluster::VolumeStatus>>([&] {
    return deps.clusters.withHost(cluster, [&](gluster::GlusterGateway& gw, const api::Host&) {
      return gw.volumeStatusDetail(info.name);
    });
  });
}

// The first entry found on any brick other than GlusterFS's own; "" when every brick is empty.
Known<std::string> firstEntryOf(CommandDeps& deps, const api::Cluster& cluster, const gluster::VolumeInfo& info) {
  Known<std::string> out;
  for (const auto& brick : info.bricks) {
    try {
      std::optional<std::string> entry;
      deps.clusters.onNode(cluster, brick.host, [&](gluster::Transport& transport, const api::Host&) {
        entry = gluster::firstBrickEntry(transport, brick.path, deps.clusters.callTimeout());
      });
      if (entry) {
        out.value = gluster::printableValue(brick.host + ":" + *entry, 200);
        return out;
      }
    } catch (const gluster::GatewayError& e) {
      out.whyUnknown = "brick " + brick.host + ":" + brick.path + ": " + std::string(gluster::errorKindName(e.kind())) +
                       ": " + e.what();
      return out;
    }
  }
  out.value = std::string();
  return out;
}

std::vector<std::string> offlineBricks(const gluster::VolumeInfo& info,
                                       const Known<std::vector<gluster::VolumeStatus>>& detail) {
  std::vector<std::string> out;
  if (!detail.value) return out;
  const gluster::VolumeStatus* status = statusOf(*detail.value, info.name);
  for (const auto& brick : info.bricks) {
    bool online = false;
    if (status) {
      for (const auto& b : status->bricks) {
        if (b.path == brick.path && (b.peerUuid == brick.hostUuid || b.host == brick.host)) online = b.online;
      }
    }
    if (!online) out.push_back(brick.host + ":" + brick.path);
  }
  return out;
}

std::vector<SecondaryUse> usesOf(CommandDeps& deps, soci::session& sql, const std::string& volume,
                                 const std::optional<std::string>& volumeUuid, const std::vector<std::string>& hosts) {
  dao::SessionFilter filter;
  filter.secondaryVolume = volume;
  std::vector<SecondaryUse> out;
  for (const auto& s : deps.sessions.search(sql, filter).rows) {
    bool same = volumeUuid && s.secondaryVolumeUuid && sameName(*s.secondaryVolumeUuid, *volumeUuid);
    for (const auto& h : hosts) same = same || sameName(h, s.secondaryHost);
    if (!same) continue;
    const auto cluster = deps.inventory.clusterById(s.clusterId);
    out.push_back({s.id, cluster ? cluster->name : "cluster " + std::to_string(s.clusterId), s.masterVolume,
                   s.secondaryUser + "@" + s.secondaryHost + "::" + s.secondaryVolume});
  }
  return out;
}

MasterFacts masterFacts(CommandDeps& deps, const EligibilityQuery& q, const gluster::VolumeInfo& info) {
  MasterFacts m;
  m.volume = q.masterVolume;
  m.clusterId = q.masterCluster.id;
  m.usableBytes = capacityOf(info, statusDetail(deps, q.masterCluster, info));
  m.opVersion = readFact<std::int64_t>([&] {
    return deps.clusters.withHost(q.masterCluster, [](gluster::GlusterGateway& gw, const api::Host&) {
      return gw.clusterOpVersion();
    });
  });
  m.peers = readFact<std::vector<gluster::Peer>>([&] {
    return deps.clusters.withHost(q.masterCluster, [](gluster::GlusterGateway& gw, const api::Host&) {
      return gw.peers();
    });
  });
  return m;
}

}  // namespace

bool EligibilityCandidate::eligible() const { return blockingReasons().empty(); }

std::vector<EligibilityReason> EligibilityCandidate::blockingReasons() const {
  std::vector<EligibilityReason> out;
  for (const auto& r : reasons) {
    if (r.blocking()) out.push_back(r);
  }
  return out;
}

EligibilityReport assessEligibility(CommandDeps& deps, soci::session& sql, const EligibilityQuery& query,
                                    const std::optional<gluster::VolumeInfo>& masterInfo) {
  EligibilityReport report;
  report.query = query;
  if (query.secondaryVolume && !query.secondaryVolume->empty() && query.secondaryVolume->front() == '/') {
    CandidateFacts c;
    c.volume = *query.secondaryVolume;
    c.secondaryHost = query.secondaryHost;
    c.givenAsDirectory = true;
    report.candidates.push_back({c.volume, std::nullopt, judgeCandidate(MasterFacts{}, c)});
    return report;
  }

  report.secondaryCluster = clusterOfHost(deps.inventory, query.secondaryHost);
  // A host of no registered cluster, no volume named: nothing to judge, so nothing is read.
  if (!report.secondaryCluster && !query.secondaryVolume) return report;

  gluster::VolumeInfo master;
  if (masterInfo) {
    master = *masterInfo;
  } else {
    bool found = false;
    const auto live = deps.clusters.withHost(query.masterCluster, [&](gluster::GlusterGateway& gw, const api::Host&) {
      return gw.volumeInfo(query.masterVolume);
    });
    for (const auto& v : live) {
      if (v.name == query.masterVolume) {
        master = v;
        found = true;
      }
    }
    if (!found) {
      throw CommandError(ErrorCode::kNotFound,
                         "cluster " + query.masterCluster.name + " has no volume " + query.masterVolume, "master_volume");
    }
  }
  const MasterFacts masterSide = masterFacts(deps, query, master);

  CandidateFacts base;
  base.secondaryHost = query.secondaryHost;
  std::vector<std::string> hosts{query.secondaryHost};
  if (!report.secondaryCluster) {
    CandidateFacts c = base;
    c.volume = *query.secondaryVolume;
    c.usedBy = usesOf(deps, sql, c.volume, std::nullopt, hosts);
    report.candidates.push_back({c.volume, std::nullopt, judgeCandidate(masterSide, c)});
    return report;
  }

  const api::Cluster& secondary = *report.secondaryCluster;
  base.clusterId = secondary.id;
  for (const auto& h : deps.inventory.hosts(secondary.id)) hosts.push_back(h.address);
  std::vector<gluster::VolumeInfo> volumes;
  try {
    volumes = deps.clusters.withHost(secondary, [&](gluster::GlusterGateway& gw, const api::Host&) {
      return gw.volumeInfo(query.secondaryVolume);
    });
  } catch (const gluster::GatewayError& e) {
    if (e.kind() == gluster::ErrorKind::kNoSuchVolume) {
      report.namedVolumeMissing = true;
      return report;
    }
    if (!e.isTransport()) throw;
    base.clusterUnreachable = std::string(gluster::errorKindName(e.kind())) + ": " + e.what();
    if (query.secondaryVolume) {
      CandidateFacts c = base;
      c.volume = *query.secondaryVolume;
      c.usedBy = usesOf(deps, sql, c.volume, std::nullopt, hosts);
      report.candidates.push_back({c.volume, secondary.name, judgeCandidate(masterSide, c)});
    }
    return report;
  }

  const Known<std::int64_t> secondaryOpVersion =
      secondary.id == query.masterCluster.id ? masterSide.opVersion : readFact<std::int64_t>([&] {
        return deps.clusters.withHost(secondary, [](gluster::GlusterGateway& gw, const api::Host&) {
          return gw.clusterOpVersion();
        });
      });
  bool namedSeen = false;
  for (const auto& v : volumes) {
    if (query.secondaryVolume && v.name != *query.secondaryVolume) continue;
    // The master volume is no candidate of a listing (named, it is judged: same_cluster).
    if (!query.secondaryVolume && !master.id.empty() && v.id == master.id) continue;
    namedSeen = true;
    CandidateFacts c = base;
    c.volume = v.name;
    c.state = v.state;
    for (const auto& b : v.bricks) c.brickHostUuids.push_back(b.hostUuid);
    c.usedBy = usesOf(deps, sql, v.name, v.id.empty() ? std::nullopt : std::optional<std::string>(v.id), hosts);
    const auto detail = statusDetail(deps, secondary, v);
    c.usableBytes = capacityOf(v, detail);
    if (v.state == gluster::VolumeState::kStarted) c.offlineBricks = offlineBricks(v, detail);
    c.opVersion = secondaryOpVersion;
    c.firstEntry = firstEntryOf(deps, secondary, v);
    report.candidates.push_back({v.name, secondary.name, judgeCandidate(masterSide, c)});
  }
  if (query.secondaryVolume && !namedSeen) report.namedVolumeMissing = true;
  return report;
}

nlohmann::json eligibilityJson(const EligibilityReport& report) {
  nlohmann::json candidates = nlohmann::json::array();
  for (const auto& c : report.candidates) {
    candidates.push_back({{"volume", c.volume},
                          {"cluster", c.cluster ? nlohmann::json(*c.cluster) : nlohmann::json(nullptr)},
                          {"eligible", c.eligible()},
                          {"reasons", reasonsJson(c.reasons)}});
  }
  return {{"master_volume", report.query.masterVolume},
          {"secondary_host", report.query.secondaryHost},
          {"secondary_user", report.query.secondaryUser},
          {"secondary_cluster",
           report.secondaryCluster ? nlohmann::json(report.secondaryCluster->name) : nlohmann::json(nullptr)},
          {"candidates", std::move(candidates)}};
}

}  // namespace georep::commands
