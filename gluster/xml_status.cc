// parseStatus: `volume geo-replication ... status [detail] --xml` (gluster/xml_parsers.h).
// Shape: geoRep/volume*/{name, sessions/session*/{session_secondary|session_slave, pair*}}; pair fields
// in GlusterFS >= 10 names (primary_*, secondary*) or <= 9 names (master_*, slave*). Hot path of the sync
// job: every pair is read in one pass over its children, volumes/sessions are merged through hash maps
// keyed by views into the document.
#include <cstring>
#include <functional>
#include <string>
#include <unordered_map>
#include <utility>

#include "gluster/errors.h"
#include "gluster/session_key.h"
#include "gluster/xml_detail.h"
#include "gluster/xml_parsers.h"

namespace georep::gluster {

namespace {

using namespace xml_detail;  // NOLINT: internal helpers of this parser family

constexpr std::string_view kWhat = "status";

enum class PairField {
  kIgnored, kPrimaryNode, kPrimaryBrick, kSecondaryUser, kSecondary, kSecondaryNode, kStatus, kCrawlStatus,
  kEntry, kData, kMeta, kFailures, kCheckpointCompleted, kPrimaryNodeUuid, kLastSynced, kCheckpointTime,
  kCheckpointCompletionTime,
};

PairField pairField(std::string_view n) {
  switch (n.size()) {
    case 4:
      if (n == "data") return PairField::kData;
      if (n == "meta") return PairField::kMeta;
      break;
    case 5:
      if (n == "entry") return PairField::kEntry;
      if (n == "slave") return PairField::kSecondary;
      break;
    case 6:
      if (n == "status") return PairField::kStatus;
      break;
    case 8:
      if (n == "failures") return PairField::kFailures;
      break;
    case 9:
      if (n == "secondary") return PairField::kSecondary;
      break;
    case 10:
      if (n == "slave_user") return PairField::kSecondaryUser;
      if (n == "slave_node") return PairField::kSecondaryNode;
      break;
    case 11:
      if (n == "master_node") return PairField::kPrimaryNode;
      if (n == "last_synced") return PairField::kLastSynced;
      break;
    case 12:
      if (n == "primary_node") return PairField::kPrimaryNode;
      if (n == "master_brick") return PairField::kPrimaryBrick;
      if (n == "crawl_status") return PairField::kCrawlStatus;
      break;
    case 13:
      if (n == "primary_brick") return PairField::kPrimaryBrick;
      break;
    case 14:
      if (n == "secondary_user") return PairField::kSecondaryUser;
      if (n == "secondary_node") return PairField::kSecondaryNode;
      break;
    case 15:
      if (n == "checkpoint_time") return PairField::kCheckpointTime;
      break;
    case 16:
      if (n == "master_node_uuid") return PairField::kPrimaryNodeUuid;
      break;
    case 17:
      if (n == "primary_node_uuid") return PairField::kPrimaryNodeUuid;
      break;
    case 20:
      if (n == "checkpoint_completed") return PairField::kCheckpointCompleted;
      break;
    case 26:
      if (n == "checkpoint_completion_time") return PairField::kCheckpointCompletionTime;
      break;
    default:
      break;
  }
  return PairField::kIgnored;
}

BrickStatus parsePair(pugi::xml_node pair) {
  BrickStatus b;
  bool haveNode = false, haveBrick = false, haveStatus = false;
  for (pugi::xml_node field = pair.first_child(); field; field = field.next_sibling()) {
    if (field.type() != pugi::node_element) continue;
    const std::string_view v = text(field);
    switch (pairField(field.name())) {
      case PairField::kIgnored: break;
      case PairField::kPrimaryNode: b.primaryNode.assign(v); haveNode = true; break;
      case PairField::kPrimaryBrick: b.primaryBrick.assign(v); haveBrick = true; break;
      case PairField::kSecondaryUser: b.secondaryUser.assign(v); break;
      case PairField::kSecondary: b.secondary.assign(v); break;
      case PairField::kSecondaryNode: b.secondaryNode = optionalText(v); break;
      case PairField::kStatus:
        b.rawStatus.assign(v);
        b.status = parseWorkerStatus(v);
        haveStatus = true;
        break;
      case PairField::kCrawlStatus: b.crawlStatus = optionalText(v); break;
      case PairField::kEntry: b.entry = optionalInt(v, kWhat, "entry"); break;
      case PairField::kData: b.data = optionalInt(v, kWhat, "data"); break;
      case PairField::kMeta: b.meta = optionalInt(v, kWhat, "meta"); break;
      case PairField::kFailures: b.failures = optionalInt(v, kWhat, "failures"); break;
      case PairField::kCheckpointCompleted:
        b.checkpointCompleted = optionalYesNo(v, kWhat, "checkpoint_completed");
        break;
      case PairField::kPrimaryNodeUuid: b.primaryNodeUuid.assign(v); break;
      case PairField::kLastSynced: b.lastSynced = optionalTime(v, kWhat, "last_synced"); break;
      case PairField::kCheckpointTime: b.checkpointTime = optionalTime(v, kWhat, "checkpoint_time"); break;
      case PairField::kCheckpointCompletionTime:
        b.checkpointCompletionTime = optionalTime(v, kWhat, "checkpoint_completion_time");
        break;
    }
  }
  if (!haveNode) malformed(kWhat, "<pair> has no <primary_node>/<master_node>");
  if (!haveBrick || b.primaryBrick.empty()) malformed(kWhat, "<pair> has no <primary_brick>/<master_brick>");
  if (!haveStatus) malformed(kWhat, "<pair> has no <status>");
  return b;
}

bool samePair(const BrickStatus& a, const BrickStatus& b) {
  return a.primaryBrick == b.primaryBrick && a.primaryNode == b.primaryNode && a.primaryNodeUuid == b.primaryNodeUuid;
}

struct SessionId {
  std::string_view volume;
  std::string_view key;
  bool operator==(const SessionId&) const = default;
};

struct SessionIdHash {
  std::size_t operator()(const SessionId& id) const noexcept {
    const std::size_t h = std::hash<std::string_view>{}(id.volume);
    return h ^ (std::hash<std::string_view>{}(id.key) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
  }
};

}  // namespace

StatusReport parseStatus(std::string_view xml) {
  pugi::xml_document doc;
  const Envelope env = loadEnvelope(doc, xml, kWhat);
  StatusReport report;
  report.opErrstr.assign(env.opErrstr);
  const pugi::xml_node geoRep = required(env.root, "geoRep", kWhat);

  // Views into `doc`, valid for the whole parse.
  std::unordered_map<SessionId, std::size_t, SessionIdHash> index;
  for (pugi::xml_node volume = geoRep.first_child(); volume; volume = volume.next_sibling()) {
    if (volume.type() != pugi::node_element) continue;
    if (std::strcmp(volume.name(), "volume") != 0) {
      malformed(kWhat, std::string("unexpected <") + volume.name() + "> in <geoRep>");
    }
    const std::string_view volumeName = text(required(volume, "name", kWhat));
    if (volumeName.empty()) malformed(kWhat, "<volume> has an empty <name>");
    const pugi::xml_node sessions = volume.child("sessions");
    for (pugi::xml_node session = sessions.child("session"); session; session = session.next_sibling("session")) {
      pugi::xml_node keyNode = session.child("session_secondary");
      if (!keyNode) keyNode = session.child("session_slave");
      if (!keyNode) malformed(kWhat, "<session> has no <session_secondary>/<session_slave>");
      const std::string_view rawKey = text(keyNode);

      auto [it, inserted] = index.try_emplace(SessionId{volumeName, rawKey}, report.sessions.size());
      if (inserted) {
        SessionStatus s;
        s.primaryVolume.assign(volumeName);
        s.key = parseSessionKey(rawKey);
        report.sessions.push_back(std::move(s));
      }
      SessionStatus& target = report.sessions[it->second];
      const std::size_t existing = target.bricks.size();
      for (pugi::xml_node pair = session.child("pair"); pair; pair = pair.next_sibling("pair")) {
        BrickStatus b = parsePair(pair);
        bool duplicate = false;
        for (std::size_t i = 0; i < existing && !duplicate; ++i) duplicate = samePair(target.bricks[i], b);
        if (!duplicate) target.bricks.push_back(std::move(b));
      }
    }
  }
  return report;
}

}  // namespace georep::gluster
