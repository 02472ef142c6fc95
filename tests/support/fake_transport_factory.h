// FakeTransportFactory: a gluster::TransportFactory for tests that hands out one FakeTransport per host
// address (created on first use and kept), so a test scripts each host's answers with transport(address)
// and the gateway under test reaches the same object through forHost().
// Thread-safety: forHost() and transport() may be called concurrently; each FakeTransport is thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "gluster/transport.h"
#include "support/fake_transport.h"

namespace georep::testing {

class FakeTransportFactory : public gluster::TransportFactory {
 public:
  std::shared_ptr<gluster::Transport> forHost(const api::Host& host) override { return transport(host.address); }

  // The host's FakeTransport (created empty the first time).
  std::shared_ptr<FakeTransport> transport(const std::string& address) {
    std::lock_guard lock(mutex_);
    auto& t = transports_[address];
    if (!t) t = std::make_shared<FakeTransport>();
    return t;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<FakeTransport>> transports_;
};

}  // namespace georep::testing
