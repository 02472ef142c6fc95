#include "commands/create_hook_wait.h"

#include <spdlog/spdlog.h>

#include "commands/command_deps.h"
#include "engine/api/inventory.h"
#include "gluster/cluster_gateway.h"
#include "gluster/create_hook.h"
#include "gluster/errors.h"

namespace georep::commands {
namespace {

// What the nodes say now: running on any node wins; unknown only when no node could tell.
gluster::HookState pollNodes(CommandDeps& deps, const api::Cluster& cluster, std::string& why) {
  bool anyAnswer = false;
  for (const api::Host& host : deps.inventory.hosts(cluster.id)) {
    if (host.state == api::HostState::kMaintenance) continue;
    gluster::HookState state = gluster::HookState::kUnknown;
    std::string nodeWhy;
    try {
      deps.clusters.onNode(cluster, host.address, [&](gluster::Transport& node, const api::Host&) {
        state = gluster::createHookState(node, deps.clusters.callTimeout(), nodeWhy);
      });
    } catch (const gluster::GatewayError& e) {
      nodeWhy = std::string(gluster::errorKindName(e.kind())) + ": " + e.what();
    }
    if (state == gluster::HookState::kRunning) return state;
    if (state == gluster::HookState::kEnded) {
      anyAnswer = true;
    } else {
      why += (why.empty() ? "" : "; ") + host.address + ": " + nodeWhy;
    }
  }
  return anyAnswer ? gluster::HookState::kEnded : gluster::HookState::kUnknown;
}

}  // namespace

nlohmann::json CreateHookWait::toJson() const {
  nlohmann::json j{{"ended", ended}, {"checked", checked}, {"waited_ms", waited.count()}};
  if (!note.empty()) j["note"] = note;
  return j;
}

CreateHookWait waitForCreateHook(CommandDeps& deps, const api::Cluster& cluster) {
  CommandClock& clock = *deps.clock;
  const auto started = clock.now();
  const auto deadline = started + deps.options.createHookWait;
  CreateHookWait out;
  int endedInARow = 0;
  while (true) {
    std::string why;
    const gluster::HookState state = pollNodes(deps, cluster, why);
    out.waited = std::chrono::duration_cast<std::chrono::milliseconds>(clock.now() - started);
    if (state == gluster::HookState::kUnknown) {
      out.checked = false;
      out.note = "could not tell whether the push-pem hook ended (" + why + ")";
      spdlog::warn("cluster {}: {}", cluster.name, out.note);
      return out;
    }
    endedInARow = state == gluster::HookState::kEnded ? endedInARow + 1 : 0;
    if (endedInARow >= 2) {
      out.ended = true;
      return out;
    }
    if (clock.now() >= deadline) {
      out.note = "the push-pem hook was still running after " + std::to_string(out.waited.count() / 1000) +
                 " s; glusterd may be wedged (README, GlusterFS traps)";
      spdlog::warn("cluster {}: {}", cluster.name, out.note);
      return out;
    }
    clock.sleepUntil(std::min(clock.now() + deps.options.createHookPoll, deadline));
  }
}

}  // namespace georep::commands
