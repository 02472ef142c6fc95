// georep.sync.now: runs a reconciliation cycle at once, for one cluster (by name) or for all, optionally
// with a config drift check, waits for it (bounded) and returns what changed per cluster (outcome,
// counts, events raised). The work is done by a SyncNowRunner (the sync job's SyncService); this file
// only holds the command's schema and its thin trampoline.
// Thread-safety: the handler is thread-safe if the runner is (SyncService is).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/api/command_bus.h"

namespace georep::commands {

struct SyncNowRequest {
  std::optional<std::string> cluster;  // all clusters when absent
  bool config = false;                 // also check config drift now
};

class SyncNowRunner {
 public:
  virtual ~SyncNowRunner() = default;
  // Returns {"clusters": [<report>...], "changed": bool}. Throws api::CommandError (not_found for an
  // unknown cluster, unavailable when the sync job is stopped).
  virtual nlohmann::json syncNow(const SyncNowRequest& request, const api::CommandContext& ctx) = 0;
};

api::CommandSpec syncNowSpec();

// Registers georep.sync.now on the bus; the runner must outlive the Registration.
api::Registration registerSyncNow(api::CommandBus& bus, SyncNowRunner& runner);

}  // namespace georep::commands
