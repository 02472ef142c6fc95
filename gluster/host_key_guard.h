// HostKeyGuard: the hosts refused because they presented an SSH host key other than the pinned one.
// A mismatch is not a transient transport failure: ClusterGateway records it here and never contacts the
// host again (commands and the sync job share one guard) until an admin re-pins it, i.e. until the
// inventory's pinned fingerprint for that host id differs from the one that was refused (host.remove +
// host.add gives a new id, which is not refused either). gluster/ knows no event bus or database: the
// plugin wires a HostKeyObserver that raises the alert and keeps refusals across restarts, and hands the
// persisted ones back with restore().
// Thread-safety: every method may be called concurrently; the observer is called outside the lock, on
// the thread that saw the mismatch (or the re-pin).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace georep::api {
struct Host;
}

namespace georep::gluster {

struct HostKeyRefusal {
  std::int64_t hostId = 0;
  std::string cluster;    // cluster name, for messages and the alert
  std::string address;    // host address
  std::string pinned;     // the fingerprint pinned when the mismatch was seen
  std::string presented;  // what the server presented instead
};

class HostKeyObserver {
 public:
  virtual ~HostKeyObserver() = default;
  // A host was refused for the first time since it was (re-)pinned.
  virtual void hostKeyMismatch(const HostKeyRefusal& refusal) = 0;
  // The host's pin changed since it was refused: it may be contacted again.
  virtual void hostKeyRepinned(const HostKeyRefusal& lifted) = 0;
};

class HostKeyGuard {
 public:
  // observer may be null (nothing reported); it must outlive the guard.
  explicit HostKeyGuard(HostKeyObserver* observer = nullptr) : observer_(observer) {}

  // Refusals recorded by an earlier run; not reported again.
  void restore(const std::vector<HostKeyRefusal>& refusals);

  // The refusal in force for this host, if any. A refusal whose pin differs from the host's current
  // pin is lifted here (reported as re-pinned).
  std::optional<HostKeyRefusal> refusalOf(const api::Host& host);

  // Records a mismatch; reported when the host was not already refused with the same pin.
  void refuse(const HostKeyRefusal& refusal);

 private:
  HostKeyObserver* observer_;
  std::mutex mutex_;
  std::map<std::int64_t, HostKeyRefusal> refused_;  // by host id
};

}  // namespace georep::gluster
