// Transport: runs one argv on one Gluster host and returns its exit status and output. Implementations:
// SshTransport (libssh, pinned host key, session reuse) and LocalTransport (fork/exec, no shell), and a
// replaying fake in tests. Transport failures throw GatewayError with a transport kind; a non-zero exit
// status is NOT an error here (gluster exits non-zero for many answers).
// Thread-safety: run() may be called concurrently; implementations serialise what they must.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace georep::api {
struct Host;
}

namespace georep::gluster {

struct ExecResult {
  int exitStatus = 0;
  std::string out;
  std::string err;
};

class Transport {
 public:
  virtual ~Transport() = default;
  virtual ExecResult run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) = 0;
};

// Makes (and caches) the transport for a host. The SSH factory keeps one session per host.
class TransportFactory {
 public:
  virtual ~TransportFactory() = default;
  virtual std::shared_ptr<Transport> forHost(const api::Host& host) = 0;
};

}  // namespace georep::gluster
