#include "gluster/ssh_transport.h"

#include <algorithm>
#include <utility>

#include "gluster/errors.h"
#include "gluster/input_validation.h"
#include "gluster/shell_quote.h"
#include "gluster/ssh_session_pool.h"

namespace georep::gluster {

SshTransport::SshTransport(SshTarget target, std::shared_ptr<SshSessionPool> pool)
    : target_(std::move(target)), pool_(std::move(pool)) {
  target_.validate();
  if (!pool_) throw GatewayError(ErrorKind::kInvalidInput, "SshTransport needs a session pool", 0, 0, "pool");
}

ExecResult SshTransport::run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  validateArgv(argv);
  const std::string commandLine = shellCommandLine(argv);
  const auto deadline = SshSessionPool::Clock::now() + timeout;
  for (int attempt = 0;; ++attempt) {
    SshSessionPool::Lease lease = pool_->acquire(target_, deadline);
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SshSessionPool::Clock::now());
    bool sent = false;
    try {
      return lease.session().exec(commandLine, std::max(left, std::chrono::milliseconds(1)), sent);
    } catch (const GatewayError& e) {
      lease.discard();
      // A cached session that died while idle (server restarted, idle timeout, network drop) shows it
      // only when used: open a fresh one once, as long as the command never left.
      if (!sent && lease.reused() && attempt == 0 && e.isTransport()) continue;
      throw;
    }
  }
}

}  // namespace georep::gluster
