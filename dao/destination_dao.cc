#include "dao/destination_dao.h"

#include <utility>

#include <soci/soci.h>

namespace georep::dao {
namespace {

constexpr const char* kColumns =
    "SELECT id, cluster_id, source_host, host, port, user_name, fingerprint, status, "
    "extract(epoch FROM last_tested_at)::bigint AS last_tested_at, "
    "COALESCE(mountbroker::text, 'null') AS mountbroker, extract(epoch FROM created_at)::bigint AS created_at "
    "FROM georep_destinations ";

DestinationRecord fromRow(const soci::row& r) {
  DestinationRecord d;
  d.id = r.get<long long>(0);
  d.clusterId = r.get<long long>(1);
  d.sourceHost = r.get<std::string>(2);
  d.host = r.get<std::string>(3);
  d.port = r.get<int>(4);
  d.user = r.get<std::string>(5);
  d.fingerprint = r.get<std::string>(6);
  d.status = r.get<std::string>(7);
  if (r.get_indicator(8) != soci::i_null) d.lastTestedAt = r.get<long long>(8);
  d.mountbroker = nlohmann::json::parse(r.get<std::string>(9));
  d.createdAt = r.get<long long>(10);
  return d;
}

std::vector<DestinationNodeRecord> nodesOf(soci::session& sql, std::int64_t id) {
  long long did = id;
  std::vector<DestinationNodeRecord> nodes;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT id, host, fingerprint, host_key_type, host_key, status, error, added_keys::text "
                      "FROM georep_destination_nodes WHERE destination_id = :id ORDER BY id",
       soci::use(did, "id"));
  for (const auto& r : rows) {
    DestinationNodeRecord n;
    n.id = r.get<long long>(0);
    n.host = r.get<std::string>(1);
    n.fingerprint = r.get<std::string>(2);
    n.hostKeyType = r.get<std::string>(3);
    n.hostKey = r.get<std::string>(4);
    n.status = r.get<std::string>(5);
    if (r.get_indicator(6) != soci::i_null) n.error = r.get<std::string>(6);
    n.addedKeys = nlohmann::json::parse(r.get<std::string>(7)).get<std::vector<std::string>>();
    nodes.push_back(std::move(n));
  }
  return nodes;
}

template <typename... Uses>
std::vector<DestinationRecord> query(soci::session& sql, const std::string& where, Uses&&... uses) {
  std::vector<DestinationRecord> out;
  {
    const std::string text = std::string(kColumns) + where + " ORDER BY id";
    soci::rowset<soci::row> rows = ((sql.prepare << text), ..., std::forward<Uses>(uses));
    for (const auto& r : rows) out.push_back(fromRow(r));
  }
  for (auto& d : out) d.nodes = nodesOf(sql, d.id);
  return out;
}

void insertNodes(soci::session& sql, std::int64_t id, const std::vector<DestinationNodeRecord>& nodes) {
  long long did = id;
  for (const auto& n : nodes) {
    const std::string added = nlohmann::json(n.addedKeys).dump();
    soci::indicator errInd = n.error ? soci::i_ok : soci::i_null;
    const std::string err = n.error.value_or("");
    sql << "INSERT INTO georep_destination_nodes (destination_id, host, fingerprint, host_key_type, host_key, "
           "status, error, added_keys) VALUES (:id, :host, :fp, :type, :key, :status, :err, CAST(:added AS jsonb))",
        soci::use(did, "id"), soci::use(n.host, "host"), soci::use(n.fingerprint, "fp"),
        soci::use(n.hostKeyType, "type"), soci::use(n.hostKey, "key"), soci::use(n.status, "status"),
        soci::use(err, errInd, "err"), soci::use(added, "added");
  }
}

}  // namespace

std::int64_t DestinationDao::insert(soci::session& sql, const DestinationRecord& d) const {
  long long id = 0;
  long long cluster = d.clusterId;
  const std::string mb = d.mountbroker.dump();
  const int tested = d.lastTestedAt ? 1 : 0;
  sql << "INSERT INTO georep_destinations (cluster_id, source_host, host, port, user_name, fingerprint, status, "
         "last_tested_at, mountbroker) VALUES (:cluster, :source, :host, :port, :user, :fp, :status, "
         "CASE WHEN :tested = 1 THEN now() END, CAST(NULLIF(:mb, 'null') AS jsonb)) RETURNING id",
      soci::use(cluster, "cluster"), soci::use(d.sourceHost, "source"), soci::use(d.host, "host"),
      soci::use(d.port, "port"), soci::use(d.user, "user"), soci::use(d.fingerprint, "fp"),
      soci::use(d.status, "status"), soci::use(tested, "tested"), soci::use(mb, "mb"),
      soci::into(id);
  insertNodes(sql, id, d.nodes);
  return id;
}

std::optional<DestinationRecord> DestinationDao::findById(soci::session& sql, std::int64_t id) const {
  long long v = id;
  auto all = query(sql, "WHERE id = :id", soci::use(v, "id"));
  if (all.empty()) return std::nullopt;
  return std::move(all.front());
}

std::optional<DestinationRecord> DestinationDao::find(soci::session& sql, std::int64_t clusterId,
                                                      const std::string& host, int port,
                                                      const std::string& user) const {
  long long cluster = clusterId;
  auto all = query(sql, "WHERE cluster_id = :cluster AND host = :host AND port = :port AND user_name = :user",
                   soci::use(cluster, "cluster"), soci::use(host, "host"), soci::use(port, "port"),
                   soci::use(user, "user"));
  if (all.empty()) return std::nullopt;
  return std::move(all.front());
}

std::vector<DestinationRecord> DestinationDao::findByHostUser(soci::session& sql, const std::string& host,
                                                              const std::string& user) const {
  return query(sql, "WHERE host = :host AND user_name = :user", soci::use(host, "host"), soci::use(user, "user"));
}

std::vector<DestinationRecord> DestinationDao::list(soci::session& sql, std::optional<std::int64_t> clusterId) const {
  long long cluster = clusterId.value_or(0);
  if (clusterId) return query(sql, "WHERE cluster_id = :cluster", soci::use(cluster, "cluster"));
  return query(sql, "");
}

void DestinationDao::replaceNodes(soci::session& sql, std::int64_t id, const std::string& fingerprint,
                                  const std::vector<DestinationNodeRecord>& nodes) const {
  long long did = id;
  sql << "UPDATE georep_destinations SET fingerprint = :fp, updated_at = now() WHERE id = :id",
      soci::use(fingerprint, "fp"), soci::use(did, "id");
  sql << "DELETE FROM georep_destination_nodes WHERE destination_id = :id", soci::use(did, "id");
  insertNodes(sql, id, nodes);
}

void DestinationDao::recordTest(soci::session& sql, std::int64_t id, const std::string& status,
                                const std::vector<DestinationNodeRecord>& nodes) const {
  long long did = id;
  sql << "UPDATE georep_destinations SET status = :status, last_tested_at = now(), updated_at = now() "
         "WHERE id = :id",
      soci::use(status, "status"), soci::use(did, "id");
  for (const auto& n : nodes) {
    soci::indicator errInd = n.error ? soci::i_ok : soci::i_null;
    const std::string err = n.error.value_or("");
    sql << "UPDATE georep_destination_nodes SET status = :status, error = :err WHERE destination_id = :id AND "
           "host = :host",
        soci::use(n.status, "status"), soci::use(err, errInd, "err"), soci::use(did, "id"),
        soci::use(n.host, "host");
  }
}

void DestinationDao::setMountbroker(soci::session& sql, std::int64_t id, const nlohmann::json& state) const {
  long long did = id;
  const std::string mb = state.dump();
  sql << "UPDATE georep_destinations SET mountbroker = CAST(NULLIF(:mb, 'null') AS jsonb), updated_at = now() "
         "WHERE id = :id",
      soci::use(mb, "mb"), soci::use(did, "id");
}

bool DestinationDao::remove(soci::session& sql, std::int64_t id) const {
  long long did = id;
  soci::statement st = (sql.prepare << "DELETE FROM georep_destinations WHERE id = :id", soci::use(did, "id"));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

}  // namespace georep::dao
