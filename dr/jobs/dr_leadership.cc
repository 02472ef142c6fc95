#include "dr/jobs/dr_leadership.h"

#include <soci/soci.h>

#include "engine/api/leadership.h"

namespace georep::dr {

std::optional<std::set<std::int64_t>> sessionsLedHere(soci::session& sql, api::Leadership* leadership) {
  if (leadership == nullptr) return std::nullopt;
  std::set<std::int64_t> led;
  soci::rowset<soci::row> rows = (sql.prepare << "SELECT id, cluster_id FROM georep_sessions");
  for (const soci::row& r : rows) {
    if (leadership->leads(r.get<long long>(1))) led.insert(r.get<long long>(0));
  }
  return led;
}

}  // namespace georep::dr
