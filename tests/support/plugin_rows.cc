#include "support/plugin_rows.h"

#include <soci/soci.h>

namespace georep::testing {

std::string pluginRowVersions(api::Database& db) {
  auto lease = db.leaseShared(std::chrono::seconds(10));  // the test may hold one
  soci::session& sql = lease.sql();
  std::string out;
  for (const char* table : {"georep_volumes", "georep_bricks", "georep_sessions", "georep_session_bricks",
                            "georep_session_config", "georep_cluster_sync"}) {
    std::string part;
    sql << std::string("SELECT coalesce(string_agg(ctid::text || ':' || xmin::text, ',' ORDER BY ctid), '') FROM ") +
               table,
        soci::into(part);
    out += std::string(table) + "=" + part + "\n";
  }
  return out;
}

}  // namespace georep::testing
