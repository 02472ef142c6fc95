// FaultDao (dao/fault_dao.h).
#include "dao/fault_dao.h"

#include <soci/soci.h>

#include "dao/soci_conversions.h"
#include "dao/status_names.h"

namespace georep::dao {
namespace {

// The fault columns, aliased f_*, of georep_brick_faults f.
constexpr const char* kFaultColumns =
    "f.reason_class AS f_class, f.hint AS f_hint, f.excerpt AS f_excerpt, f.logged_at AS f_logged_at, "
    "f.log_path AS f_log_path, f.read_error AS f_read_error, f.attempts AS f_attempts, "
    "extract(epoch FROM f.first_seen_at)::bigint AS f_first_seen, extract(epoch FROM f.read_at)::bigint AS f_read_at";

BrickFaultRecord faultFrom(const soci::row& r, std::int64_t sessionId, std::int64_t brickId) {
  BrickFaultRecord f;
  f.sessionId = sessionId;
  f.brickId = brickId;
  f.reasonClass = r.get<std::string>("f_class");
  f.hint = r.get<std::string>("f_hint");
  f.excerpt = r.get<std::string>("f_excerpt");
  if (r.get_indicator("f_logged_at") != soci::i_null) f.loggedAt = r.get<std::string>("f_logged_at");
  f.logPath = r.get<std::string>("f_log_path");
  if (r.get_indicator("f_read_error") != soci::i_null) f.readError = r.get<std::string>("f_read_error");
  f.attempts = r.get<int>("f_attempts");
  f.firstSeenAt = detail::toTime(r.get<long long>("f_first_seen"));
  f.readAt = detail::toTime(r.get<long long>("f_read_at"));
  return f;
}

}  // namespace

std::vector<FaultCandidate> FaultDao::candidates(soci::session& sql, std::int64_t clusterId) const {
  long long cid = clusterId;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string("SELECT sb.session_id, sb.brick_id, b.host, b.path, sb.worker_status, "
                                  "c.value AS log_file, (f.session_id IS NOT NULL)::int AS has_fault, ") +
                          kFaultColumns +
                          " FROM georep_session_bricks sb JOIN georep_sessions s ON s.id = sb.session_id "
                          "JOIN georep_bricks b ON b.id = sb.brick_id "
                          "LEFT JOIN georep_session_config c ON c.session_id = sb.session_id AND c.key = 'log_file' "
                          "LEFT JOIN georep_brick_faults f ON f.session_id = sb.session_id AND f.brick_id = sb.brick_id "
                          "WHERE s.cluster_id = :c AND (sb.worker_status = 'Faulty' OR f.session_id IS NOT NULL) "
                          "ORDER BY sb.session_id, b.position",
       soci::use(cid, "c"));
  std::vector<FaultCandidate> out;
  for (const auto& r : rows) {
    FaultCandidate c;
    c.sessionId = r.get<long long>(0);
    c.brickId = r.get<long long>(1);
    c.host = r.get<std::string>(2);
    c.path = r.get<std::string>(3);
    c.workerStatus = workerStatusFromDb(r.get<std::string>(4));
    if (r.get_indicator("log_file") != soci::i_null) c.logFile = r.get<std::string>("log_file");
    if (r.get<int>("has_fault") != 0) c.fault = faultFrom(r, c.sessionId, c.brickId);
    out.push_back(std::move(c));
  }
  return out;
}

void FaultDao::upsert(soci::session& sql, const BrickFaultRecord& f) const {
  long long sid = f.sessionId, bid = f.brickId;
  std::string loggedAt = f.loggedAt.value_or(""), readError = f.readError.value_or("");
  soci::indicator loggedInd = f.loggedAt ? soci::i_ok : soci::i_null;
  soci::indicator errorInd = f.readError ? soci::i_ok : soci::i_null;
  int attempts = f.attempts;
  sql << "INSERT INTO georep_brick_faults (session_id, brick_id, reason_class, hint, excerpt, logged_at, log_path, "
         "read_error, attempts, first_seen_at, read_at) "
         "SELECT :s, :b, :class, :hint, :excerpt, :logged, :path, :error, :attempts, now(), now() "
         "WHERE EXISTS (SELECT 1 FROM georep_session_bricks WHERE session_id = :s AND brick_id = :b) "
         "ON CONFLICT (session_id, brick_id) DO UPDATE SET reason_class = EXCLUDED.reason_class, "
         "hint = EXCLUDED.hint, excerpt = EXCLUDED.excerpt, logged_at = EXCLUDED.logged_at, "
         "log_path = EXCLUDED.log_path, read_error = EXCLUDED.read_error, attempts = EXCLUDED.attempts, "
         "read_at = now()",
      soci::use(sid, "s"), soci::use(bid, "b"), soci::use(f.reasonClass, "class"), soci::use(f.hint, "hint"),
      soci::use(f.excerpt, "excerpt"), soci::use(loggedAt, loggedInd, "logged"), soci::use(f.logPath, "path"),
      soci::use(readError, errorInd, "error"), soci::use(attempts, "attempts");
}

void FaultDao::clear(soci::session& sql, std::int64_t sessionId, std::int64_t brickId) const {
  long long sid = sessionId, bid = brickId;
  sql << "DELETE FROM georep_brick_faults WHERE session_id = :s AND brick_id = :b", soci::use(sid, "s"),
      soci::use(bid, "b");
}

std::vector<BrickFaultRecord> FaultDao::listBySession(soci::session& sql, std::int64_t sessionId) const {
  long long sid = sessionId;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string("SELECT f.brick_id, ") + kFaultColumns +
                          " FROM georep_brick_faults f WHERE f.session_id = :s ORDER BY f.brick_id",
       soci::use(sid, "s"));
  std::vector<BrickFaultRecord> out;
  for (const auto& r : rows) out.push_back(faultFrom(r, sessionId, r.get<long long>(0)));
  return out;
}

}  // namespace georep::dao
