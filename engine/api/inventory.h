// The inventory: the Gluster clusters the engine manages and their hosts, with how to reach each host
// over SSH (address, port, user, private key path, pinned SHA256 host-key fingerprint) and its state.
// Stored in the engine's tables; plugins read it and report host reachability.
// Connections: every method runs on the database connection the calling thread already holds, if it
// holds one (engine/api/database.h, leaseShared), so it may be called while holding a lease.
// Thread-safety: all methods may be called concurrently from any thread; results are snapshots.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace georep::api {

enum class HostState { kUnknown, kUp, kDown, kMaintenance };

inline std::string_view hostStateName(HostState s) {
  switch (s) {
    case HostState::kUnknown: return "unknown";
    case HostState::kUp: return "up";
    case HostState::kDown: return "down";
    case HostState::kMaintenance: return "maintenance";
  }
  return "unknown";
}

struct Host {
  std::int64_t id = 0;
  std::int64_t clusterId = 0;
  std::string address;              // DNS name or IP; what gluster knows the peer as
  int sshPort = 22;
  std::string sshUser = "root";
  std::string sshKeyPath;           // private key file; empty = ssh-agent only
  std::string hostKeyFingerprint;   // "SHA256:<base64>" as ssh-keygen -lf prints it
  HostState state = HostState::kUnknown;
};

struct Cluster {
  std::int64_t id = 0;
  std::string name;
  std::string glusterCommand = "gluster";  // gluster executable on the cluster's hosts
  std::string transport = "ssh";           // "ssh" or "local" (engine runs on a gluster node / tests)
};

class Inventory {
 public:
  virtual ~Inventory() = default;
  virtual std::vector<Cluster> clusters() const = 0;
  virtual std::optional<Cluster> clusterByName(std::string_view name) const = 0;
  virtual std::optional<Cluster> clusterById(std::int64_t id) const = 0;
  // Hosts of a cluster in a stable order (by id).
  virtual std::vector<Host> hosts(std::int64_t clusterId) const = 0;
  virtual void setHostState(std::int64_t hostId, HostState state) = 0;
};

}  // namespace georep::api
