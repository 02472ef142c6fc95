// The eligibility rules of a secondary volume for a geo-replication session from a master volume, as a
// pure function of facts gathered elsewhere (commands/eligibility_facts.h): no I/O here, so each rule is
// unit-tested on its own. A reason says why a candidate is not (or may not be) eligible:
//   directory_secondary  a path was given instead of a volume (GlusterFS dropped directory secondaries in 3.5)
//   already_secondary    another stored session (any cluster) already writes to this volume
//   unreachable          the secondary cluster's glusterd, or nodes holding bricks of the volume, do not answer
//   not_started          the secondary volume is not started
//   same_cluster         the secondary volume lives in the master's own glusterd pool (peer UUIDs shared)
//   too_small            its usable capacity is below the master volume's
//   not_empty            a brick holds entries other than GlusterFS's own
//   version_mismatch     the two pools' GlusterFS major versions (cluster.op-version / 10000) differ
//   unverifiable         a check could not be made (the fact is missing); never blocking
// Every reason but unverifiable blocks georep.session.create unless force is given.
// Thread-safety: pure functions on plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "gluster/model.h"

namespace georep::commands {

enum class ReasonCode {
  kNotStarted,
  kSameCluster,
  kAlreadySecondary,
  kTooSmall,
  kNotEmpty,
  kVersionMismatch,
  kUnreachable,
  kUnverifiable,
  kDirectorySecondary,
};

std::string_view reasonCodeName(ReasonCode code);  // "not_started", ...
bool isBlocking(ReasonCode code);                  // every code but kUnverifiable

struct EligibilityReason {
  ReasonCode code = ReasonCode::kUnverifiable;
  std::string message;
  bool blocking() const { return isBlocking(code); }
};

// A fact that may be missing: the value, or why it is not known.
template <typename T>
struct Known {
  std::optional<T> value;
  std::string whyUnknown;  // when !value
};

// What is known of the master side.
struct MasterFacts {
  std::string volume;
  std::int64_t clusterId = 0;
  Known<std::int64_t> usableBytes;
  Known<std::int64_t> opVersion;
  Known<std::vector<gluster::Peer>> peers;  // the master's glusterd pool
};

// Another stored session whose secondary is this volume.
struct SecondaryUse {
  std::int64_t sessionId = 0;
  std::string cluster;       // the master's cluster
  std::string masterVolume;
  std::string secondary;     // user@host::volume as stored
};

// What is known of one candidate secondary volume.
struct CandidateFacts {
  std::string volume;
  std::string secondaryHost;           // as the caller names it
  bool givenAsDirectory = false;       // "/path" instead of a volume name
  std::vector<SecondaryUse> usedBy;    // from the database, all clusters
  // The registered cluster the secondary host belongs to; nullopt = none (its glusterd is not read).
  std::optional<std::int64_t> clusterId;
  std::optional<std::string> clusterUnreachable;  // its glusterd did not answer: why
  std::optional<gluster::VolumeState> state;
  std::vector<std::string> brickHostUuids;
  std::vector<std::string> offlineBricks;  // "host:/path" of bricks not online
  Known<std::int64_t> usableBytes;
  Known<std::int64_t> opVersion;
  // nullopt value + whyUnknown: not checked; value "" = empty; otherwise the first foreign entry found.
  Known<std::string> firstEntry;
};

// Major GlusterFS version of an op-version (100000 -> 10, 31202 -> 3).
std::int64_t majorOfOpVersion(std::int64_t opVersion);

// Every reason `candidate` is not eligible, in a stable order; empty = eligible.
std::vector<EligibilityReason> judgeCandidate(const MasterFacts& master, const CandidateFacts& candidate);

// {code, message, blocking} objects (the contract's shape) and their one-line summary for messages.
nlohmann::json reasonsJson(const std::vector<EligibilityReason>& reasons);
std::string reasonsSummary(const std::vector<EligibilityReason>& reasons);

}  // namespace georep::commands
