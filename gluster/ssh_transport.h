// SshTransport: runs an argv on one Gluster host over SSH (libssh), on a session borrowed from an
// SshSessionPool (one session per host reused across commands, a channel per command).
// The argv is validated (no NUL bytes) and every element single-quoted for the remote POSIX shell
// (gluster/shell_quote.h), so no input reaches the shell as syntax.
// Reconnect: if a reused session turns out dead before the command was sent, one new session is
// opened and the command sent once on it; a failure after sending is never retried (the command may
// have run). Any failed command drops its session. Failures before the command left (no free session in
// time, connect, host key, authentication, channel refused) are marked not sent (GatewayError::mayHaveRun()
// false), which lets ClusterGateway try a non-idempotent action on another host. Timeouts: the pool's connect timeout bounds
// connecting and authenticating; `timeout` bounds waiting for a free session plus running the command
// (on expiry the remote process is killed, see below and gluster/ssh_session.h). Errors: kUnreachable,
// kAuthFailed, kHostKeyUnknown, kHostKeyMismatch, kTimeout, kExecFailed (GatewayError).
// Thread-safety: run() may be called concurrently (the pool bounds concurrent sessions).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "gluster/ssh_target.h"
#include "gluster/transport.h"

namespace georep::gluster {

class SshSessionPool;

struct SshCommandOptions {
  // Run the command as `timeout -s KILL <timeout + remoteGrace> ARGV...` (coreutils) on the host. When
  // a command is cut at its timeout we close its channel and send SIGKILL with the SSH "signal" request,
  // but OpenSSH refuses that request for root logins (no privilege separation after authentication)
  // and a command without a pty gets no SIGHUP when its channel closes: it would run on until it
  // writes (SIGPIPE) or ends. The wrapper guarantees the remote process dies shortly after our
  // deadline. Disable only for hosts without coreutils `timeout`.
  bool remoteTimeout = true;
  std::chrono::milliseconds remoteGrace{2000};
};

class SshTransport : public Transport {
 public:
  // Validates the target (kInvalidInput).
  SshTransport(SshTarget target, std::shared_ptr<SshSessionPool> pool, SshCommandOptions options = {});

  ExecResult run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) override;

  const SshTarget& target() const { return target_; }

 private:
  SshTarget target_;
  std::shared_ptr<SshSessionPool> pool_;
  SshCommandOptions options_;
};

}  // namespace georep::gluster
