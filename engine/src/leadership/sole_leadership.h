// SoleLeadership: the api::Leadership of a host that runs alone and elects nothing: it leads every
// cluster under epoch 0 and its writes are never fenced. The PluginLoader hands it to plugins when the
// engine gave it no LeadershipManager (tests that load a plugin in-process); georep-engine always elects.
// Thread-safety: stateless.
#pragma once

#include "engine/api/leadership.h"

namespace georep::engine {

class SoleLeadership : public api::Leadership {
 public:
  std::string engineId() const override { return "sole"; }
  std::optional<std::int64_t> leads(std::int64_t) override { return 0; }
  bool recordCycle(soci::session&, std::int64_t, std::int64_t, std::chrono::milliseconds) override { return true; }
  bool checkEpoch(soci::session&, std::int64_t, std::int64_t) override { return true; }
};

}  // namespace georep::engine
