// PgInventory: the engine's api::Inventory over its own tables `clusters` and `hosts`
// (engine/migrations/0001), plus the administration the inventory commands need (add/remove
// clusters and hosts). Every mutation validates its input (inventory_validation.h) before touching the
// database, uses bound parameters only, runs in one transaction, and fails with a typed
// api::CommandError: invalid_argument naming the field, not_found, conflict. Only a key PATH is stored,
// never key material.
// Connections: the reads and setHostState() run on the connection the calling thread already holds
// (api::Database::leaseShared), so a command or job holding a lease never needs a second one; the
// mutations (add/remove) take a lease of their own and must be called holding none.
// Thread-safety: all methods may be called concurrently from any thread. Results are snapshots.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/api/database.h"
#include "engine/api/inventory.h"

namespace georep::engine {

// A host with the name of its cluster (for listings across clusters).
struct HostEntry {
  std::string clusterName;
  api::Host host;
};

class PgInventory : public api::Inventory {
 public:
  explicit PgInventory(api::Database& database);

  std::vector<api::Cluster> clusters() const override;
  std::optional<api::Cluster> clusterByName(std::string_view name) const override;
  std::optional<api::Cluster> clusterById(std::int64_t id) const override;
  std::vector<api::Host> hosts(std::int64_t clusterId) const override;
  // A host that no longer exists is ignored (it may have been removed since it was read).
  void setHostState(std::int64_t hostId, api::HostState state) override;

  // Adds a cluster (id ignored). Fields are named as the command parameters: name, gluster_command,
  // transport. Throws conflict when the name is taken.
  api::Cluster addCluster(const api::Cluster& cluster);
  // Removes a cluster. Throws not_found; conflict when it still has hosts, unless force (then its
  // hosts, and every plugin row of the cluster, go with it).
  void removeCluster(std::string_view name, bool force);
  // Adds a host to the named cluster (id, clusterId and state ignored; the state starts unknown).
  // Fields: address, ssh_port, ssh_user, ssh_key_path, host_key_fingerprint (required when the
  // cluster's transport is ssh). Throws not_found for the cluster, conflict when the address exists.
  api::Host addHost(std::string_view clusterName, const api::Host& host);
  // Throws not_found when the cluster or the host does not exist.
  void removeHost(std::string_view clusterName, std::string_view address);
  // Every host of every cluster, or of one cluster (not_found when it does not exist), by cluster
  // name then host id.
  std::vector<HostEntry> hostEntries(std::optional<std::string_view> clusterName) const;
  // Number of hosts per cluster id.
  std::size_t hostCount(std::int64_t clusterId) const;

 private:
  api::Database& database_;
};

}  // namespace georep::engine
