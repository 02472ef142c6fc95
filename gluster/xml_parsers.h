// Parsers (pugixml) for the XML answers of `gluster --mode=script --xml ...`: geo-replication status,
// config, action replies, volume info and volume status. Accept GlusterFS >= 10 names (primary/secondary)
// and <= 9 names (master/slave); "N/A" and empty values become std::nullopt; times are UTC.
// Every parser throws GatewayError:
//   kNotXml        output is not XML at all (empty, or plain text such as "geo-replication command failed"),
//   kMalformedXml  not well-formed, truncated, no cliOutput/opRet, or a payload of the wrong shape,
//   a refusal kind (classifyRefusal) when opRet != 0, with opRet, opErrno and glusterd's opErrstr kept.
// Thread-safety: safe to call concurrently; each thread keeps one reusable parse buffer (released when it
// would exceed 16 MB), so the sync job's multi-megabyte listings are not re-mapped on every cycle.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gluster/model.h"

namespace georep::gluster {

// `volume geo-replication [VOL [SEC]] status [detail]`. Volumes listed twice are merged by name.
StatusReport parseStatus(std::string_view xml);
// `volume geo-replication VOL SEC config` (all keys): underscore key -> value.
ConfigMap parseConfig(std::string_view xml);
// create/start/stop/pause/resume/delete/config set|reset (opRet 0).
ActionReply parseActionReply(std::string_view xml);
// `volume info [VOL]`.
std::vector<VolumeInfo> parseVolumeInfo(std::string_view xml);
// `volume status [VOL]`: bricks only (daemons such as "Self-heal Daemon" excluded).
std::vector<VolumeStatus> parseVolumeStatus(std::string_view xml);
// `volume get all cluster.op-version` (xml_cluster.cc): the op-version, a positive integer.
std::int64_t parseClusterOpVersion(std::string_view xml);
// `pool list` (xml_cluster.cc): every peer of the pool, this node included, in glusterd's order.
std::vector<Peer> parsePoolList(std::string_view xml);

}  // namespace georep::gluster
