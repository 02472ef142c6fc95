#include "dao/config_dao.h"

#include <soci/soci.h>

#include "dao/soci_conversions.h"
#include "gluster/config_keys.h"

namespace georep::dao {

bool ConfigDao::isDefault(const std::string& key, const std::string& value) {
  const auto def = gluster::configDefault(key);
  return !def || *def == value;
}

void ConfigDao::replaceAll(soci::session& sql, std::int64_t sessionId, const gluster::ConfigMap& config) const {
  long long sid = sessionId;
  std::vector<std::string> keys;
  std::vector<std::string> values;
  std::vector<int> defaults;
  keys.reserve(config.size());
  for (const auto& [key, value] : config) {
    keys.push_back(key);
    values.push_back(value);
    defaults.push_back(isDefault(key, value) ? 1 : 0);
  }
  // Keys no longer listed.
  std::vector<std::string> stored;
  {
    soci::rowset<std::string> rows =
        (sql.prepare << "SELECT key FROM georep_session_config WHERE session_id = :sid", soci::use(sid, "sid"));
    stored.assign(rows.begin(), rows.end());
  }
  for (const auto& key : stored) {
    if (config.count(key) != 0) continue;
    sql << "DELETE FROM georep_session_config WHERE session_id = :sid AND key = :key", soci::use(sid, "sid"),
        soci::use(key, "key");
  }
  if (keys.empty()) return;
  // One prepared statement, executed for the whole batch (SOCI vector binding); unchanged rows are left
  // untouched so their updated_at keeps meaning "last changed".
  std::vector<long long> sids(keys.size(), sid);
  sql << "INSERT INTO georep_session_config (session_id, key, value, is_default, updated_at) "
         "VALUES (:sid, :key, :value, CAST(:def AS boolean), now()) "
         "ON CONFLICT (session_id, key) DO UPDATE SET value = EXCLUDED.value, is_default = EXCLUDED.is_default, "
         "updated_at = now() WHERE georep_session_config.value IS DISTINCT FROM EXCLUDED.value "
         "OR georep_session_config.is_default IS DISTINCT FROM EXCLUDED.is_default",
      soci::use(sids, "sid"), soci::use(keys, "key"), soci::use(values, "value"), soci::use(defaults, "def");
}

std::vector<ConfigEntry> ConfigDao::list(soci::session& sql, std::int64_t sessionId) const {
  long long sid = sessionId;
  soci::rowset<ConfigEntry> rows = (sql.prepare << "SELECT key, value, is_default::int AS is_default "
                                                   "FROM georep_session_config WHERE session_id = :sid ORDER BY key",
                                    soci::use(sid, "sid"));
  return {rows.begin(), rows.end()};
}

std::optional<ConfigEntry> ConfigDao::find(soci::session& sql, std::int64_t sessionId, const std::string& key) const {
  long long sid = sessionId;
  ConfigEntry entry;
  soci::indicator ind = soci::i_null;
  sql << "SELECT key, value, is_default::int AS is_default FROM georep_session_config "
         "WHERE session_id = :sid AND key = :key",
      soci::use(sid, "sid"), soci::use(key, "key"), soci::into(entry, ind);
  if (!sql.got_data()) return std::nullopt;
  return entry;
}

}  // namespace georep::dao
