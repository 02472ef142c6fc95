#include "gluster/create_hook.h"

#include "gluster/input_validation.h"
#include "gluster/transport.h"

namespace georep::gluster {

const std::vector<std::string>& createHookProbeArgv() {
  // "pos[t]" matches "post" but not itself, so a shell that runs pgrep never counts as the hook.
  static const std::vector<std::string> argv{"pgrep", "-f", "/hooks/1/gsync-create/pos[t]/"};
  return argv;
}

HookState createHookState(Transport& node, std::chrono::milliseconds timeout, std::string& why) {
  const ExecResult r = node.run(createHookProbeArgv(), timeout);
  if (r.exitStatus == 0) return HookState::kRunning;
  if (r.exitStatus == 1) return HookState::kEnded;
  why = "pgrep exited " + std::to_string(r.exitStatus) + ": " + printableValue(r.err.substr(0, 200));
  return HookState::kUnknown;
}

std::string_view hookStateName(HookState state) {
  switch (state) {
    case HookState::kRunning: return "running";
    case HookState::kEnded: return "ended";
    case HookState::kUnknown: return "unknown";
  }
  return "unknown";
}

}  // namespace georep::gluster
