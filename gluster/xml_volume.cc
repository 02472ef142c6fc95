// parseVolumeInfo and parseVolumeStatus (gluster/xml_parsers.h).
// volume info: volInfo/volumes/volume*/{name, id, status, statusStr, brickCount, distCount, replicaCount,
//   arbiterCount, disperseCount, typeStr, bricks/brick*/{name "host:/path", hostUuid, isArbiter}}.
// volume status: volStatus/volumes/volume*/{volName, node*/{hostname, path, peerid, status, port, pid,
//   and with `detail`: sizeTotal, sizeFree (bytes), device, fsName, inodes...}};
//   bricks are the nodes whose path is absolute; daemons (Self-heal Daemon, NFS Server, ...) list a host
//   name as their path and are skipped.
#include <climits>
#include <string>

#include "gluster/errors.h"
#include "gluster/xml_detail.h"
#include "gluster/xml_parsers.h"

namespace georep::gluster {

namespace {

int countField(pugi::xml_node volume, const char* name, int fallback, std::string_view what) {
  const pugi::xml_node node = volume.child(name);
  if (!node) return fallback;
  const std::int64_t v = xml_detail::requiredInt(xml_detail::text(node), what, name);
  if (v < 0 || v > INT_MAX) xml_detail::malformed(what, std::string("<") + name + "> out of range");
  return static_cast<int>(v);
}

VolumeState volumeState(pugi::xml_node volume, std::string_view what) {
  const std::string_view s = xml_detail::text(volume.child("statusStr"));
  if (s == "Started") return VolumeState::kStarted;
  if (s == "Stopped") return VolumeState::kStopped;
  if (s == "Created") return VolumeState::kCreated;
  // glusterd_volume_status: 0 created, 1 started, 2 stopped.
  const pugi::xml_node status = volume.child("status");
  if (!status && s.empty()) xml_detail::malformed(what, "<volume> has no <statusStr>/<status>");
  const std::string_view n = xml_detail::text(status);
  if (n == "0") return VolumeState::kCreated;
  if (n == "1") return VolumeState::kStarted;
  if (n == "2") return VolumeState::kStopped;
  xml_detail::malformed(what, "unknown volume status");
}

Brick parseBrick(pugi::xml_node brick, std::string_view what) {
  Brick b;
  std::string_view name = xml_detail::text(brick.child("name"));
  if (name.empty()) name = xml_detail::text(brick);  // the element's own text repeats the name
  const std::size_t sep = name.find(":/");
  if (sep == std::string_view::npos || sep == 0) {
    xml_detail::malformed(what, "brick name is not \"host:/path\"");
  }
  b.host.assign(name.substr(0, sep));
  b.path.assign(name.substr(sep + 1));
  std::string_view uuid = xml_detail::text(brick.child("hostUuid"));
  if (uuid.empty()) uuid = brick.attribute("uuid").value();
  b.hostUuid.assign(uuid);
  const std::string_view arbiter = xml_detail::text(brick.child("isArbiter"));
  if (arbiter == "1") {
    b.isArbiter = true;
  } else if (!arbiter.empty() && arbiter != "0") {
    xml_detail::malformed(what, "<isArbiter> is not 0/1");
  }
  return b;
}

}  // namespace

std::vector<VolumeInfo> parseVolumeInfo(std::string_view xml) {
  constexpr std::string_view kWhat = "volume info";
  pugi::xml_document doc;
  const xml_detail::Envelope env = xml_detail::loadEnvelope(doc, xml, kWhat);
  const pugi::xml_node volumes = xml_detail::required(xml_detail::required(env.root, "volInfo", kWhat), "volumes", kWhat);
  std::vector<VolumeInfo> out;
  for (pugi::xml_node volume = volumes.child("volume"); volume; volume = volume.next_sibling("volume")) {
    VolumeInfo v;
    v.name.assign(xml_detail::text(xml_detail::required(volume, "name", kWhat)));
    if (v.name.empty()) xml_detail::malformed(kWhat, "<volume> has an empty <name>");
    v.id.assign(xml_detail::text(xml_detail::required(volume, "id", kWhat)));
    v.state = volumeState(volume, kWhat);
    v.typeName.assign(xml_detail::text(volume.child("typeStr")));
    v.brickCount = countField(volume, "brickCount", 0, kWhat);
    v.distCount = countField(volume, "distCount", 1, kWhat);
    v.replicaCount = countField(volume, "replicaCount", 1, kWhat);
    v.arbiterCount = countField(volume, "arbiterCount", 0, kWhat);
    v.disperseCount = countField(volume, "disperseCount", 0, kWhat);
    v.redundancyCount = countField(volume, "redundancyCount", 0, kWhat);
    const pugi::xml_node bricks = volume.child("bricks");
    for (pugi::xml_node brick = bricks.child("brick"); brick; brick = brick.next_sibling("brick")) {
      v.bricks.push_back(parseBrick(brick, kWhat));
    }
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<VolumeStatus> parseVolumeStatus(std::string_view xml) {
  constexpr std::string_view kWhat = "volume status";
  pugi::xml_document doc;
  const xml_detail::Envelope env = xml_detail::loadEnvelope(doc, xml, kWhat);
  const pugi::xml_node volumes =
      xml_detail::required(xml_detail::required(env.root, "volStatus", kWhat), "volumes", kWhat);
  std::vector<VolumeStatus> out;
  for (pugi::xml_node volume = volumes.child("volume"); volume; volume = volume.next_sibling("volume")) {
    VolumeStatus v;
    v.name.assign(xml_detail::text(xml_detail::required(volume, "volName", kWhat)));
    if (v.name.empty()) xml_detail::malformed(kWhat, "<volume> has an empty <volName>");
    for (pugi::xml_node node = volume.child("node"); node; node = node.next_sibling("node")) {
      const std::string_view path = xml_detail::text(xml_detail::required(node, "path", kWhat));
      if (path.empty() || path.front() != '/') continue;  // a daemon, not a brick
      BrickProcessStatus b;
      b.host.assign(xml_detail::text(xml_detail::required(node, "hostname", kWhat)));
      b.path.assign(path);
      b.peerUuid.assign(xml_detail::text(node.child("peerid")));
      const std::string_view status = xml_detail::text(xml_detail::required(node, "status", kWhat));
      if (status == "1") {
        b.online = true;
      } else if (status != "0") {
        xml_detail::malformed(kWhat, "<status> of a brick is not 0/1");
      }
      const auto port = xml_detail::optionalInt(xml_detail::text(node.child("port")), kWhat, "port");
      if (port && *port > 0 && *port <= 65535) b.port = static_cast<int>(*port);
      const auto pid = xml_detail::optionalInt(xml_detail::text(node.child("pid")), kWhat, "pid");
      if (pid && *pid > 0 && *pid <= INT_MAX) b.pid = static_cast<int>(*pid);
      // `detail` only: the brick filesystem's size and free space in bytes.
      b.sizeTotal = xml_detail::optionalInt(xml_detail::text(node.child("sizeTotal")), kWhat, "sizeTotal");
      b.sizeFree = xml_detail::optionalInt(xml_detail::text(node.child("sizeFree")), kWhat, "sizeFree");
      v.bricks.push_back(std::move(b));
    }
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace georep::gluster
