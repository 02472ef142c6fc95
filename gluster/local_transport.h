// LocalTransport: runs an argv on this machine (for an engine running on a Gluster node, and for
// tests) with posix_spawn, WITHOUT a shell: argv[0] is looked up in PATH unless it holds a '/', every
// element reaches the program verbatim. stdin is /dev/null; stdout and stderr are captured separately.
// The child leads its own process group; when the timeout expires (or the output exceeds the cap) the
// whole group gets SIGKILL and the call throws GatewayError kTimeout (kExecFailed for the cap). A
// program that cannot be started throws kExecFailed marked not sent (gluster/errors.h). A child killed by signal N reports exit status
// 128 + N, as shells do. Descriptors of this process other than the pipes are not inherited.
// Thread-safety: run() may be called concurrently (no shared mutable state).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "gluster/transport.h"

namespace georep::gluster {

class LocalTransport : public Transport {
 public:
  static constexpr std::size_t kDefaultMaxOutputBytes = 256u << 20;  // per stream

  explicit LocalTransport(std::size_t maxOutputBytes = kDefaultMaxOutputBytes);

  ExecResult run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) override;

 private:
  std::size_t maxOutputBytes_;
};

}  // namespace georep::gluster
