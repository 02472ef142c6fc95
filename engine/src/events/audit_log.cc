#include "engine/src/events/audit_log.h"

#include <stdexcept>
#include <string>

#include <soci/soci.h>

#include "engine/src/common/correlation.h"
#include "engine/src/db/with_lease.h"

namespace georep::engine {
namespace {

api::Severity parseSeverity(const std::string& s) {
  if (s == "warning") return api::Severity::kWarning;
  if (s == "error") return api::Severity::kError;
  if (s == "alert") return api::Severity::kAlert;
  return api::Severity::kInfo;
}

long long toMicros(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

}  // namespace

AuditLog::AuditLog(api::Database& db, std::chrono::milliseconds leaseTimeout) : db_(db), leaseTimeout_(leaseTimeout) {}

std::int64_t AuditLog::append(const api::Event& event, const std::string& eventKey) {
  const std::string severity(api::severityName(event.severity));
  const std::string body = event.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const long long micros = toMicros(event.time);
  return withLease(db_, leaseTimeout_, [&](soci::session& sql) {
    // Idempotent: a retry after a lost connection finds the row the first attempt may have stored.
    long long id = 0;
    soci::indicator found = soci::i_null;
    sql << "INSERT INTO audit_log (time, name, severity, correlation_id, actor, event_key, body) "
           "VALUES (to_timestamp(:t::double precision / 1000000), :n, :s, :c, :a, :k, CAST(:b AS jsonb)) "
           "ON CONFLICT (event_key) DO NOTHING RETURNING id",
        soci::use(micros), soci::use(event.name), soci::use(severity), soci::use(event.correlationId),
        soci::use(event.actor), soci::use(eventKey), soci::use(body), soci::into(id, found);
    if (!sql.got_data() || found != soci::i_ok) {
      sql << "SELECT id FROM audit_log WHERE event_key = :k", soci::use(eventKey), soci::into(id);
    }
    return static_cast<std::int64_t>(id);
  });
}

std::int64_t AuditLog::append(const api::Event& event) { return append(event, newCorrelationId()); }

std::vector<api::Event> AuditLog::since(int64_t afterId, std::size_t limit, std::optional<api::Severity> atLeast) {
  const long long after = afterId < 0 ? 0 : afterId;
  const int pageSize = static_cast<int>(std::min(limit, kMaxPage));
  if (pageSize == 0) return {};
  // The severities shown: atLeast and every higher one (all four without a filter).
  std::string severities;
  for (const auto s : {api::Severity::kInfo, api::Severity::kWarning, api::Severity::kError, api::Severity::kAlert}) {
    if (atLeast && static_cast<int>(s) < static_cast<int>(*atLeast)) continue;
    severities += (severities.empty() ? "{" : ",") + std::string(api::severityName(s));
  }
  severities += "}";
  return withLease(db_, leaseTimeout_, [&](soci::session& sql) {
    std::vector<api::Event> events;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT id, (extract(epoch FROM time) * 1000000)::bigint, name, severity, correlation_id, "
                        "actor, body::text FROM audit_log WHERE id > :a AND severity = ANY(CAST(:s AS text[])) "
                        "ORDER BY id LIMIT :l",
         soci::use(after), soci::use(severities), soci::use(pageSize));
    for (const auto& row : rows) {
      api::Event e;
      e.id = row.get<long long>(0);
      e.time = std::chrono::system_clock::time_point(std::chrono::microseconds(row.get<long long>(1)));
      e.name = row.get<std::string>(2);
      e.severity = parseSeverity(row.get<std::string>(3));
      e.correlationId = row.get<std::string>(4);
      e.actor = row.get<std::string>(5);
      e.body = nlohmann::json::parse(row.get<std::string>(6));
      events.push_back(std::move(e));
    }
    return events;
  });
}

}  // namespace georep::engine
