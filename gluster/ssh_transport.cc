#include "gluster/ssh_transport.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "gluster/errors.h"
#include "gluster/input_validation.h"
#include "gluster/shell_quote.h"
#include "gluster/ssh_session_pool.h"

namespace georep::gluster {

namespace {

// "12.345s" for coreutils timeout.
std::string seconds(std::chrono::milliseconds ms) {
  const long long total = std::max<long long>(ms.count(), 1);
  std::string frac = std::to_string(total % 1000);
  frac.insert(0, 3 - frac.size(), '0');
  return std::to_string(total / 1000) + "." + frac + "s";
}

// A session for the target; every failure here (no free session in time, connect, host key,
// authentication) happens before the command exists on the wire.
SshSessionPool::Lease acquireUnsent(SshSessionPool& pool, const SshTarget& target,
                                    SshSessionPool::Clock::time_point deadline) {
  try {
    return pool.acquire(target, deadline);
  } catch (GatewayError& e) {
    e.markNotSent();
    throw;
  }
}

}  // namespace

SshTransport::SshTransport(SshTarget target, std::shared_ptr<SshSessionPool> pool, SshCommandOptions options)
    : target_(std::move(target)), pool_(std::move(pool)), options_(options) {
  target_.validate();
  if (!pool_) throw GatewayError(ErrorKind::kInvalidInput, "SshTransport needs a session pool", 0, 0, "pool");
}

ExecResult SshTransport::run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  validateArgv(argv);
  const auto deadline = SshSessionPool::Clock::now() + timeout;
  for (int attempt = 0;; ++attempt) {
    SshSessionPool::Lease lease = acquireUnsent(*pool_, target_, deadline);
    const auto left = std::max(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SshSessionPool::Clock::now()),
                               std::chrono::milliseconds(1));
    std::string commandLine;
    if (options_.remoteTimeout) {
      std::vector<std::string> wrapped{"timeout", "-s", "KILL", seconds(left + options_.remoteGrace)};
      wrapped.insert(wrapped.end(), argv.begin(), argv.end());
      commandLine = shellCommandLine(wrapped);
    } else {
      commandLine = shellCommandLine(argv);
    }
    bool sent = false;
    try {
      return lease.session().exec(commandLine, left, sent);
    } catch (GatewayError& e) {
      lease.discard();
      if (!sent) e.markNotSent();
      // A cached session that died while idle (server restarted, idle timeout, network drop) shows it
      // only when used: open a fresh one once, as long as the command never left.
      if (!sent && lease.reused() && attempt == 0 && e.isTransport()) {
        spdlog::info("ssh: cached session to {} is dead ({}); reconnecting", target_.display(), e.what());
        continue;
      }
      throw;
    }
  }
}

}  // namespace georep::gluster
