// CreateHook: whether the gsync-create post hook of a `create push-pem` (glusterd's
// hooks/1/gsync-create/post/S56glusterd-geo-rep-create-post.sh, which copies the public keys to the
// secondary and sets it read-only) still runs on a node. Read with pgrep over the node's transport: a fixed
// argv, nothing from the caller. See gluster/quiet_windows.h for why it matters.
// Thread-safety: stateless.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace georep::gluster {

class Transport;

enum class HookState {
  kRunning,  // a gsync-create post hook process is there
  kEnded,    // none is
  kUnknown,  // the node could not tell (pgrep missing or failing): `why` says what it answered
};

// The argv run on the node: pgrep -f with a pattern that does not match its own command line.
const std::vector<std::string>& createHookProbeArgv();

// Runs the probe; transport errors are thrown (GatewayError) as the transport throws them.
HookState createHookState(Transport& node, std::chrono::milliseconds timeout, std::string& why);

std::string_view hookStateName(HookState state);

}  // namespace georep::gluster
