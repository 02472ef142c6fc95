// LeadershipOptions: the engine config's "leadership" section (engine/src/leadership/leadership_manager.h):
//   {"engine_id": "mgmt-1", "tick_ms": 2000, "lease_ms": 5000}
// engine_id: this engine's name among the engines of one database, [A-Za-z0-9._:-]{1,128}; when unset
// (and GEOREP_ENGINE_ID is unset) one is generated at start as <host>-<pid>-<random> and logged.
// tick_ms: how often leadership is renewed and free or stale clusters are claimed (100..60000).
// lease_ms: how long a renewal stays valid (>= 2 x tick_ms, <= 600000). A leader stops leading when its
// lease is not renewed in time; another engine takes a cluster over after the lease has expired on the
// server's clock, i.e. within about lease_ms + tick_ms of the leader's death or freeze. Keep
// lease_ms + tick_ms below the sync period so a hand-over completes within two sync periods.
// Thread-safety: plain values.
#pragma once

#include <chrono>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace georep::engine {

struct LeadershipOptions {
  std::string engineId;  // empty: generate at start
  std::chrono::milliseconds tick{2000};
  std::chrono::milliseconds lease{5000};

  // From the "leadership" section (null: defaults). Throws std::invalid_argument naming the key.
  static LeadershipOptions fromJson(const nlohmann::json& section);
};

// True when `id` may name an engine: [A-Za-z0-9._:-]{1,128}.
bool validEngineId(const std::string& id);

// <hostname>-<pid>-<8 random hex digits>, cut to a valid engine id.
std::string generateEngineId();

}  // namespace georep::engine
