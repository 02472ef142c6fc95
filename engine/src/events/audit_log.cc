#include "engine/src/events/audit_log.h"

#include <stdexcept>
#include <string>

#include <soci/soci.h>

#include "engine/src/db/pooled_session.h"

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

std::int64_t AuditLog::append(const api::Event& event) {
  const std::string severity(api::severityName(event.severity));
  const std::string body = event.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const long long micros = toMicros(event.time);
  return withPooledSession(db_.pool(), leaseTimeout_, [&](soci::session& sql) {
    long long id = 0;
    sql << "INSERT INTO audit_log (time, name, severity, correlation_id, actor, body) "
           "VALUES (to_timestamp(:t::double precision / 1000000), :n, :s, :c, :a, CAST(:b AS jsonb)) RETURNING id",
        soci::use(micros), soci::use(event.name), soci::use(severity), soci::use(event.correlationId),
        soci::use(event.actor), soci::use(body), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

std::vector<api::Event> AuditLog::since(int64_t afterId, std::size_t limit) {
  const long long after = afterId < 0 ? 0 : afterId;
  const int pageSize = static_cast<int>(std::min(limit, kMaxPage));
  if (pageSize == 0) return {};
  return withPooledSession(db_.pool(), leaseTimeout_, [&](soci::session& sql) {
    std::vector<api::Event> events;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT id, (extract(epoch FROM time) * 1000000)::bigint, name, severity, correlation_id, "
                        "body::text, actor FROM audit_log WHERE id > :a ORDER BY id LIMIT :l",
         soci::use(after), soci::use(pageSize));
    for (const auto& row : rows) {
      api::Event e;
      e.id = row.get<long long>(0);
      e.time = std::chrono::system_clock::time_point(std::chrono::microseconds(row.get<long long>(1)));
      e.name = row.get<std::string>(2);
      e.severity = parseSeverity(row.get<std::string>(3));
      e.correlationId = row.get<std::string>(4);
      e.body = nlohmann::json::parse(row.get<std::string>(5));
      e.actor = row.get<std::string>(6);
      events.push_back(std::move(e));
    }
    return events;
  });
}

}  // namespace georep::engine
