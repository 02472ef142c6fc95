#include "engine/src/inventory/pg_inventory.h"

#include <soci/soci.h>

#include "engine/api/command_error.h"
#include "engine/src/inventory/inventory_validation.h"

namespace georep::engine {
namespace {

api::HostState parseState(const std::string& state) {
  if (state == "up") return api::HostState::kUp;
  if (state == "down") return api::HostState::kDown;
  if (state == "maintenance") return api::HostState::kMaintenance;
  return api::HostState::kUnknown;
}

constexpr const char* kClusterColumns = "SELECT id, name, gluster_command, transport FROM clusters";
constexpr const char* kHostColumns =
    "SELECT c.name, h.id, h.cluster_id, h.address, h.ssh_port, h.ssh_user, h.ssh_key_path, "
    "h.host_key_fingerprint, h.state FROM hosts h JOIN clusters c ON c.id = h.cluster_id";

api::Cluster clusterFromRow(const soci::row& r) {
  api::Cluster c;
  c.id = r.get<long long>(0);
  c.name = r.get<std::string>(1);
  c.glusterCommand = r.get<std::string>(2);
  c.transport = r.get<std::string>(3);
  return c;
}

HostEntry hostFromRow(const soci::row& r) {
  HostEntry e;
  e.clusterName = r.get<std::string>(0);
  e.host.id = r.get<long long>(1);
  e.host.clusterId = r.get<long long>(2);
  e.host.address = r.get<std::string>(3);
  e.host.sshPort = r.get<int>(4);
  e.host.sshUser = r.get<std::string>(5);
  e.host.sshKeyPath = r.get<std::string>(6);
  e.host.hostKeyFingerprint = r.get<std::string>(7);
  e.host.state = parseState(r.get<std::string>(8));
  return e;
}

// How long a call waits for a pooled connection when its caller holds none.
constexpr std::chrono::milliseconds kLeaseWait{10000};

api::CommandError clusterNotFound(std::string_view name) {
  return api::CommandError(api::ErrorCode::kNotFound, "no cluster named '" + std::string(name) + "'", {},
                           {{"cluster", name}});
}

std::vector<api::Cluster> queryClusters(soci::session& sql, const std::string& where, const std::string* text,
                                        const long long* id) {
  std::vector<api::Cluster> out;
  const std::string query = std::string(kClusterColumns) + where + " ORDER BY id";
  if (text != nullptr) {
    soci::rowset<soci::row> rows = (sql.prepare << query, soci::use(*text));
    for (const auto& r : rows) out.push_back(clusterFromRow(r));
  } else if (id != nullptr) {
    soci::rowset<soci::row> rows = (sql.prepare << query, soci::use(*id));
    for (const auto& r : rows) out.push_back(clusterFromRow(r));
  } else {
    soci::rowset<soci::row> rows = (sql.prepare << query);
    for (const auto& r : rows) out.push_back(clusterFromRow(r));
  }
  return out;
}

// The id and transport of a cluster, locked against concurrent removal until the transaction ends.
bool lockCluster(soci::session& sql, const std::string& name, bool exclusive, long long& id,
                 std::string& transport) {
  const std::string lock = exclusive ? " FOR UPDATE" : " FOR KEY SHARE";
  sql << "SELECT id, transport FROM clusters WHERE name = :name" + lock, soci::use(name), soci::into(id),
      soci::into(transport);
  return sql.got_data();
}

}  // namespace

PgInventory::PgInventory(api::Database& database) : database_(database) {}

std::vector<api::Cluster> PgInventory::clusters() const {
  api::DbLease lease = database_.leaseShared(kLeaseWait);
  soci::session& sql = lease.sql();
  return queryClusters(sql, "", nullptr, nullptr);
}

std::optional<api::Cluster> PgInventory::clusterByName(std::string_view name) const {
  api::DbLease lease = database_.leaseShared(kLeaseWait);
  soci::session& sql = lease.sql();
  const std::string key(name);
  auto found = queryClusters(sql, " WHERE name = :name", &key, nullptr);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::optional<api::Cluster> PgInventory::clusterById(std::int64_t id) const {
  api::DbLease lease = database_.leaseShared(kLeaseWait);
  soci::session& sql = lease.sql();
  const long long key = id;
  auto found = queryClusters(sql, " WHERE id = :id", nullptr, &key);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<api::Host> PgInventory::hosts(std::int64_t clusterId) const {
  api::DbLease lease = database_.leaseShared(kLeaseWait);
  soci::session& sql = lease.sql();
  const long long key = clusterId;
  std::vector<api::Host> out;
  soci::rowset<soci::row> rows = (sql.prepare << std::string(kHostColumns) + " WHERE h.cluster_id = :id ORDER BY h.id",
                                  soci::use(key));
  for (const auto& r : rows) out.push_back(hostFromRow(r).host);
  return out;
}

void PgInventory::setHostState(std::int64_t hostId, api::HostState state) {
  api::DbLease lease = database_.leaseShared(kLeaseWait);
  soci::session& sql = lease.sql();
  const long long id = hostId;
  const std::string name(api::hostStateName(state));
  sql << "UPDATE hosts SET state = :state WHERE id = :id", soci::use(name), soci::use(id);
}

api::Cluster PgInventory::addCluster(const api::Cluster& cluster) {
  inventory::validateClusterName("name", cluster.name);
  inventory::validateGlusterCommand("gluster_command", cluster.glusterCommand);
  inventory::validateTransport("transport", cluster.transport);

  api::DbLease lease = database_.lease(kLeaseWait);
  soci::session& sql = lease.sql();
  long long id = 0;
  soci::indicator ind = soci::i_null;
  sql << "INSERT INTO clusters (name, gluster_command, transport) VALUES (:name, :command, :transport) "
         "ON CONFLICT (name) DO NOTHING RETURNING id",
      soci::use(cluster.name), soci::use(cluster.glusterCommand), soci::use(cluster.transport), soci::into(id, ind);
  if (!sql.got_data() || ind != soci::i_ok) {
    throw api::CommandError(api::ErrorCode::kConflict, "a cluster named '" + cluster.name + "' already exists", {},
                            {{"cluster", cluster.name}});
  }
  api::Cluster added = cluster;
  added.id = id;
  return added;
}

void PgInventory::removeCluster(std::string_view name, bool force) {
  inventory::validateClusterName("name", name);
  api::DbLease lease = database_.lease(kLeaseWait);
  soci::session& sql = lease.sql();
  soci::transaction tx(sql);
  const std::string key(name);
  long long id = 0;
  std::string transport;
  if (!lockCluster(sql, key, /*exclusive=*/true, id, transport)) throw clusterNotFound(name);
  long long hostCount = 0;
  sql << "SELECT count(*) FROM hosts WHERE cluster_id = :id", soci::use(id), soci::into(hostCount);
  if (hostCount > 0 && !force) {
    throw api::CommandError(api::ErrorCode::kConflict,
                            "cluster '" + key + "' still has " + std::to_string(hostCount) +
                                " host(s): remove them first, or pass force=true to remove the cluster with "
                                "its hosts and everything known about it",
                            {}, {{"cluster", key}, {"hosts", hostCount}});
  }
  sql << "DELETE FROM clusters WHERE id = :id", soci::use(id);
  tx.commit();
}

api::Host PgInventory::addHost(std::string_view clusterName, const api::Host& host) {
  inventory::validateClusterName("cluster", clusterName);
  inventory::validateHostAddress("address", host.address);
  inventory::validateSshPort("ssh_port", host.sshPort);
  inventory::validateSshUser("ssh_user", host.sshUser);
  inventory::validateSshKeyPath("ssh_key_path", host.sshKeyPath);
  if (!host.hostKeyFingerprint.empty())
    inventory::validateHostKeyFingerprint("host_key_fingerprint", host.hostKeyFingerprint);

  api::DbLease lease = database_.lease(kLeaseWait);
  soci::session& sql = lease.sql();
  soci::transaction tx(sql);
  const std::string cluster(clusterName);
  long long clusterId = 0;
  std::string transport;
  if (!lockCluster(sql, cluster, /*exclusive=*/false, clusterId, transport)) throw clusterNotFound(clusterName);
  if (transport == "ssh" && host.hostKeyFingerprint.empty()) {
    throw api::invalidArgument("host_key_fingerprint",
                               "host_key_fingerprint is required for a host of an ssh cluster: the host key is "
                               "pinned, never trusted on first use (get it with `ssh-keyscan " +
                                   host.address + " | ssh-keygen -lf -`)");
  }
  const int port = host.sshPort;
  long long id = 0;
  soci::indicator ind = soci::i_null;
  sql << "INSERT INTO hosts (cluster_id, address, ssh_port, ssh_user, ssh_key_path, host_key_fingerprint) "
         "VALUES (:cluster, :address, :port, :user, :key, :fingerprint) "
         "ON CONFLICT (cluster_id, address) DO NOTHING RETURNING id",
      soci::use(clusterId), soci::use(host.address), soci::use(port), soci::use(host.sshUser),
      soci::use(host.sshKeyPath), soci::use(host.hostKeyFingerprint), soci::into(id, ind);
  if (!sql.got_data() || ind != soci::i_ok) {
    throw api::CommandError(api::ErrorCode::kConflict,
                            "host '" + host.address + "' is already in cluster '" + cluster + "'", {},
                            {{"cluster", cluster}, {"address", host.address}});
  }
  tx.commit();
  api::Host added = host;
  added.id = id;
  added.clusterId = clusterId;
  added.state = api::HostState::kUnknown;
  return added;
}

void PgInventory::removeHost(std::string_view clusterName, std::string_view address) {
  inventory::validateClusterName("cluster", clusterName);
  inventory::validateHostAddress("address", address);
  api::DbLease lease = database_.lease(kLeaseWait);
  soci::session& sql = lease.sql();
  soci::transaction tx(sql);
  const std::string cluster(clusterName);
  const std::string addr(address);
  long long clusterId = 0;
  std::string transport;
  if (!lockCluster(sql, cluster, /*exclusive=*/false, clusterId, transport)) throw clusterNotFound(clusterName);
  long long id = 0;
  sql << "DELETE FROM hosts WHERE cluster_id = :cluster AND address = :address RETURNING id", soci::use(clusterId),
      soci::use(addr), soci::into(id);
  if (!sql.got_data()) {
    throw api::CommandError(api::ErrorCode::kNotFound, "no host '" + addr + "' in cluster '" + cluster + "'", {},
                            {{"cluster", cluster}, {"address", addr}});
  }
  tx.commit();
}

std::vector<HostEntry> PgInventory::hostEntries(std::optional<std::string_view> clusterName) const {
  api::DbLease lease = database_.leaseShared(kLeaseWait);
  soci::session& sql = lease.sql();
  std::vector<HostEntry> out;
  if (clusterName) {
    inventory::validateClusterName("cluster", *clusterName);
    const std::string cluster(*clusterName);
    long long clusterId = 0;
    sql << "SELECT id FROM clusters WHERE name = :name", soci::use(cluster), soci::into(clusterId);
    if (!sql.got_data()) throw clusterNotFound(cluster);
    soci::rowset<soci::row> rows =
        (sql.prepare << std::string(kHostColumns) + " WHERE h.cluster_id = :id ORDER BY h.id", soci::use(clusterId));
    for (const auto& r : rows) out.push_back(hostFromRow(r));
  } else {
    soci::rowset<soci::row> rows = (sql.prepare << std::string(kHostColumns) + " ORDER BY c.name, h.id");
    for (const auto& r : rows) out.push_back(hostFromRow(r));
  }
  return out;
}

std::size_t PgInventory::hostCount(std::int64_t clusterId) const {
  api::DbLease lease = database_.leaseShared(kLeaseWait);
  soci::session& sql = lease.sql();
  const long long id = clusterId;
  long long count = 0;
  sql << "SELECT count(*) FROM hosts WHERE cluster_id = :id", soci::use(id), soci::into(count);
  return static_cast<std::size_t>(count);
}

}  // namespace georep::engine
