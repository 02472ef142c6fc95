#include "gluster/volume_capacity.h"

#include <algorithm>
#include <cstdio>
#include <limits>

namespace georep::gluster {
namespace {

std::optional<std::int64_t> sizeOf(const Brick& brick, const VolumeStatus& detail) {
  for (const auto& b : detail.bricks) {
    if (b.path != brick.path) continue;
    const bool sameHost = (!brick.hostUuid.empty() && !b.peerUuid.empty()) ? b.peerUuid == brick.hostUuid
                                                                            : b.host == brick.host;
    if (!sameHost) continue;
    if (!b.online || !b.sizeTotal || *b.sizeTotal <= 0) return std::nullopt;
    return b.sizeTotal;
  }
  return std::nullopt;
}

}  // namespace

VolumeCapacity usableCapacity(const VolumeInfo& info, const VolumeStatus& detail) {
  VolumeCapacity out;
  const std::size_t width = static_cast<std::size_t>(std::max(1, info.replicaSetWidth()));
  const bool dispersed = info.disperseCount > 0;
  std::int64_t total = 0;
  bool known = !info.bricks.empty();
  for (std::size_t first = 0; first < info.bricks.size(); first += width) {
    const std::size_t last = std::min(info.bricks.size(), first + width);
    ++out.sets;
    std::optional<std::int64_t> smallest;
    for (std::size_t i = first; i < last; ++i) {
      const Brick& brick = info.bricks[i];
      if (!dispersed && brick.isArbiter) continue;  // an arbiter holds metadata only
      const auto size = sizeOf(brick, detail);
      if (!size) {
        out.unknownBricks.push_back(brick.host + ":" + brick.path);
        known = false;
        continue;
      }
      smallest = smallest ? std::min(*smallest, *size) : *size;
    }
    if (!smallest) {
      known = false;
      continue;
    }
    const int shares = dispersed ? std::max(1, static_cast<int>(last - first) - info.redundancyCount) : 1;
    const std::int64_t setBytes = *smallest > std::numeric_limits<std::int64_t>::max() / shares
                                      ? std::numeric_limits<std::int64_t>::max()
                                      : *smallest * shares;
    total = setBytes > std::numeric_limits<std::int64_t>::max() - total ? std::numeric_limits<std::int64_t>::max()
                                                                        : total + setBytes;
  }
  if (known) out.usableBytes = total;
  return out;
}

std::string humanBytes(std::int64_t bytes) {
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024.0 && unit < 6) {
    value /= 1024.0;
    ++unit;
  }
  char text[32];
  if (unit == 0) {
    std::snprintf(text, sizeof text, "%lld B", static_cast<long long>(bytes));
  } else {
    std::snprintf(text, sizeof text, "%.1f %s", value, kUnits[unit]);
  }
  return text;
}

}  // namespace georep::gluster
