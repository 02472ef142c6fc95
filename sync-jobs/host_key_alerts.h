// HostKeyAlerts: the plugin's gluster::HostKeyObserver. When a host presents an SSH host key other than
// its pinned one it raises the alert event georep.host.key_mismatch (cluster, host, host_id, pinned and
// presented SHA256 fingerprints) and records the refusal in georep_refused_hosts (migration 0002), so
// that the host stays refused across engine restarts (loadRefusals() feeds gluster::HostKeyGuard at
// start). A re-pin (the inventory's pinned fingerprint changed; host.remove + host.add gives a new id and
// the row goes with the old host, ON DELETE CASCADE) deletes the row. Database writes take a pooled
// connection for at most kLeaseWait and never wait longer (the caller may hold a connection already); a
// refusal that cannot be stored is logged and still holds in memory until restart.
// Lives in georep_sync because the plugin wires one guard into the commands' and the sync job's gateways.
// Thread-safety: methods may be called concurrently (stateless beyond the engine services).
#pragma once

#include <chrono>
#include <vector>

#include "gluster/host_key_guard.h"

namespace georep::api {
class Database;
class EventBus;
}  // namespace georep::api

namespace georep::sync {

inline constexpr const char* kEventHostKeyMismatch = "georep.host.key_mismatch";

class HostKeyAlerts : public gluster::HostKeyObserver {
 public:
  static constexpr std::chrono::milliseconds kLeaseWait{2000};

  HostKeyAlerts(api::Database& database, api::EventBus& events) : database_(database), events_(events) {}

  // The refusals stored by earlier runs (for HostKeyGuard::restore). Throws on database errors.
  std::vector<gluster::HostKeyRefusal> loadRefusals();

  void hostKeyMismatch(const gluster::HostKeyRefusal& refusal) override;
  void hostKeyRepinned(const gluster::HostKeyRefusal& lifted) override;

 private:
  api::Database& database_;
  api::EventBus& events_;
};

}  // namespace georep::sync
