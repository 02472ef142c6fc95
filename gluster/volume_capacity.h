// The usable capacity of a volume, from its layout (`volume info`) and its bricks' filesystem sizes
// (`volume status VOL detail`): bricks form sets of replicaSetWidth() consecutive bricks (GLUSTER.md);
// a replica set holds as much as its smallest data brick (arbiter bricks hold no data); a disperse set
// of N bricks with redundancy R holds (N - R) x its smallest brick; distribution sums the sets. This is
// what a client mount's statfs reports (DHT sums its subvolumes, AFR/EC as above), and what glusterd's
// own create pre-check (gverify, df on mounts of both volumes) compares. Bricks sharing one filesystem
// are counted once per brick, as the mount does.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gluster/model.h"

namespace georep::gluster {

struct VolumeCapacity {
  std::optional<std::int64_t> usableBytes;  // nullopt when a brick's size is unknown
  int sets = 0;                             // replica/disperse sets (distribute width)
  std::vector<std::string> unknownBricks;   // "host:/path" of bricks without a size (offline, not listed)
};

// `detail`: the volume's entry of `volume status VOL detail` (bricks matched by host UUID and path, or by
// host name and path when a UUID is missing).
VolumeCapacity usableCapacity(const VolumeInfo& info, const VolumeStatus& detail);

// "1.5 TiB"-style rendering of a byte count for messages (binary units, one decimal).
std::string humanBytes(std::int64_t bytes);

}  // namespace georep::gluster
