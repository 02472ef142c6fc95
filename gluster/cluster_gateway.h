// ClusterGateway: runs one gluster operation on a cluster, falling back from host to host. Hosts are
// tried Up first, then Unknown, then Down (inventory order within each state); hosts in Maintenance
// are never contacted. Only a transport failure (GatewayError::isTransport(): unreachable, auth,
// timeout, exec; glusterd not answering counts as unreachable) moves on to the next host: a glusterd
// refusal or a parse error is the cluster's answer and is thrown as is.
// Non-idempotent actions (GlusterGateway::actionSent()) are never sent twice: once an action was handed
// to a host, a transport failure that may have happened after it ran (timeout, connection lost,
// GatewayError::mayHaveRun()) throws kOutcomeUnknown naming the host, without trying another one; the
// caller reads the state back to learn what happened. Failures before anything was sent (connect, auth,
// no free session) still fall back. Read-only operations fall back on any transport failure.
// Host keys: a host presenting a key other than its pinned one is refused (HostKeyGuard: reported once
// to the guard's observer, never contacted again until re-pinned, marked Down) and the next host is tried:
// nothing was sent to it. A refused host is skipped and named in the error when no host answers.
// Host state is written through api::Inventory::setHostState when it changes: Up when the host answered
// (even a refusal), Down after a transport failure. Invalid input (kInvalidInput from the operation) is
// thrown at once without touching host state; a host whose inventory entry is invalid is skipped. When no
// host answers: GatewayError kUnreachable naming every host tried and why. The sync job and the commands
// both use it.
// Hook windows: each call (run, onNode) first waits while another thread holds the cluster's QuietWindows
// window (gluster/quiet_windows.h: glusterd must be left alone while a create push-pem hook runs); the
// windows object is shared by the process's ClusterGateways.
// Thread-safety: withHost() may be called concurrently if the inventory and factory allow it (the
// shipped ones do); the HostKeyGuard is thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include <memory>

#include "gluster/gateway.h"
#include "gluster/host_key_guard.h"
#include "gluster/quiet_windows.h"
#include "gluster/transport.h"

namespace georep::api {
class Inventory;
struct Cluster;
struct Host;
}  // namespace georep::api

namespace georep::gluster {

class ClusterGateway {
 public:
  using Operation = std::function<void(GlusterGateway&, const api::Host&)>;

  // guard, quiet: shared with the other ClusterGateways of the process; null = private ones.
  ClusterGateway(api::Inventory& inventory, TransportFactory& factory,
                 std::chrono::milliseconds callTimeout = GatewayOptions{}.timeout,
                 std::shared_ptr<HostKeyGuard> guard = nullptr, std::shared_ptr<QuietWindows> quiet = nullptr);

  // Runs fn on the first host that answers; returns what fn returns.
  template <typename Fn>
  auto withHost(const api::Cluster& cluster, Fn&& fn) -> std::invoke_result_t<Fn&, GlusterGateway&, const api::Host&> {
    using Result = std::invoke_result_t<Fn&, GlusterGateway&, const api::Host&>;
    if constexpr (std::is_void_v<Result>) {
      run(cluster, Operation(std::forward<Fn>(fn)));
    } else {
      std::optional<Result> result;
      run(cluster, [&](GlusterGateway& gateway, const api::Host& host) { result.emplace(fn(gateway, host)); });
      return std::move(*result);
    }
  }

  // The non-template core of withHost().
  void run(const api::Cluster& cluster, const Operation& operation);

  // Runs fn on the transport of the ONE cluster host whose inventory address is `address` (e.g. to read a
  // file that lives on that node): no fallback. Throws GatewayError kUnreachable when no such host is in
  // the inventory or it is in maintenance, kHostKeyMismatch when the guard refuses it (a new mismatch is
  // recorded in the guard), or what fn / the transport throws. Host state is not changed.
  using NodeOperation = std::function<void(Transport&, const api::Host&)>;
  void onNode(const api::Cluster& cluster, const std::string& address, const NodeOperation& fn);
  std::chrono::milliseconds callTimeout() const { return callTimeout_; }
  // The hook windows the calls respect (a command holds one around an action whose hook must run alone).
  QuietWindows& quietWindows() { return *quiet_; }

 private:
  api::Inventory& inventory_;
  TransportFactory& factory_;
  std::chrono::milliseconds callTimeout_;
  std::shared_ptr<HostKeyGuard> guard_;
  std::shared_ptr<QuietWindows> quiet_;
};

}  // namespace georep::gluster
