// DestinationDao: geo-replication destinations (georep_destinations) and their nodes
// (georep_destination_nodes): insert with nodes, find, list, status updates, re-pin, mountbroker state,
// delete. Every method runs on the caller's soci::session and opens no transaction of its own; callers
// compose them in one soci::transaction. Nothing secret is ever passed here (no password, no private key).
// Thread-safety: stateless; safe to share between threads (each thread uses its own session).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace soci {
class session;
}

namespace georep::dao {

struct DestinationNodeRecord {
  std::int64_t id = 0;
  std::string host;
  std::string fingerprint;
  std::string hostKeyType;
  std::string hostKey;  // base64 blob
  std::string status = "unknown";
  std::optional<std::string> error;
  std::vector<std::string> addedKeys;
};

struct DestinationRecord {
  std::int64_t id = 0;
  std::int64_t clusterId = 0;
  std::string sourceHost;
  std::string host;
  int port = 22;
  std::string user;
  std::string fingerprint;
  std::string status = "unknown";
  std::optional<std::int64_t> lastTestedAt;  // epoch seconds
  nlohmann::json mountbroker;                // null or {group, root, state, next_step}
  std::int64_t createdAt = 0;                // epoch seconds
  std::vector<DestinationNodeRecord> nodes;
};

class DestinationDao {
 public:
  // Inserts the destination and its nodes; returns the id. A duplicate (cluster, host, port, user) throws
  // soci's unique-violation error (callers check find() first, under a lock).
  std::int64_t insert(soci::session& sql, const DestinationRecord& d) const;
  std::optional<DestinationRecord> findById(soci::session& sql, std::int64_t id) const;
  std::optional<DestinationRecord> find(soci::session& sql, std::int64_t clusterId, const std::string& host, int port,
                                        const std::string& user) const;
  // The destinations whose host is `host` and user `user`, any cluster, any port (session.create's lookup).
  std::vector<DestinationRecord> findByHostUser(soci::session& sql, const std::string& host,
                                                const std::string& user) const;
  // All, or those of one cluster, ordered by id.
  std::vector<DestinationRecord> list(soci::session& sql, std::optional<std::int64_t> clusterId) const;

  // Replaces the nodes (host keys, added keys) and the pinned fingerprint (reestablish).
  void replaceNodes(soci::session& sql, std::int64_t id, const std::string& fingerprint,
                    const std::vector<DestinationNodeRecord>& nodes) const;
  // A test's outcome: per node status/error, the destination's status and last_tested_at = now().
  void recordTest(soci::session& sql, std::int64_t id, const std::string& status,
                  const std::vector<DestinationNodeRecord>& nodes) const;
  void setMountbroker(soci::session& sql, std::int64_t id, const nlohmann::json& state) const;
  bool remove(soci::session& sql, std::int64_t id) const;
};

}  // namespace georep::dao
