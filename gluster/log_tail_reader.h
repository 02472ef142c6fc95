// Reading the end of a gsyncd log on one Gluster node, safely: the path comes from a session's config
// (`log_file`, which anyone with the gluster CLI can change), so it is checked before anything is sent:
// absolute, inside /var/log/glusterfs/geo-replication*/ (e.g. geo-replication/ or
// geo-replication-secondaries/), components of [A-Za-z0-9._+@:-] only (no "..", no ".", no empty
// component, no control characters, no "$"), ending in ".log", at most kMaxLogPathLength bytes.
// The read is one argv, `tail -c <bytes> -- <path>`, run through the node's Transport (never a shell
// string built from the path); at most maxBytes come back (the transport's cap bounds stray output too).
// Thread-safety: pure functions plus Transport::run (thread-safe per gluster/transport.h).
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gluster/transport.h"

namespace georep::gluster {

inline constexpr std::size_t kMaxLogPathLength = 1024;
inline constexpr std::size_t kMaxLogTailBytes = 1u << 20;  // the most a caller may ask for

// Why `path` may not be read, or nothing when it may.
std::optional<std::string> gsyncdLogPathProblem(std::string_view path);

// The argv that reads the last `bytes` bytes of `path` (validated: throws GatewayError kInvalidInput,
// field "log_file", naming the problem; `bytes` must be 1..kMaxLogTailBytes).
std::vector<std::string> logTailArgv(std::string_view path, std::size_t bytes);

struct LogTail {
  std::string text;  // at most the bytes asked for
};

// Runs logTailArgv on `transport`. Throws GatewayError: kInvalidInput (path or size refused, nothing
// sent), a transport kind, or kExecFailed when tail exits non-zero (its stderr, shortened, in the message).
LogTail readLogTail(Transport& transport, std::string_view path, std::size_t bytes, std::chrono::milliseconds timeout);

}  // namespace georep::gluster
