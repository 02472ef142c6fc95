// Scale documents for benchmarks: GlusterFS answers for one cluster with kScaleVolumes primary volumes
// (2 x 2 distributed-replicate, kScaleBricks bricks on nodes n0..n3) and kScaleSessionsPerVolume sessions
// on each (1,000 sessions x 4 bricks), generated from the real 10.3 captures' shape (envelope, element
// names, value spellings) for the FakeTransport to replay.
// Thread-safety: pure functions (they read the fixture files).
#pragma once

#include <string>

namespace georep::testing {

inline constexpr int kScaleVolumes = 250;
inline constexpr int kScaleSessionsPerVolume = 4;
inline constexpr int kScaleBricks = 4;

// `volume info`: kScaleVolumes volumes of kScaleBricks bricks, cut from volinfo.xml.
std::string scaleVolumeInfoDocument();

// `geo-replication status` of every session; `flip` swaps Active/Passive of every worker and moves
// last_synced.
std::string scaleStatusDocument(bool flip);

}  // namespace georep::testing
