#include "dao/dr_policy_dao.h"

#include <soci/soci.h>

#include "dao/soci_conversions.h"

namespace georep::dao {
namespace {

constexpr const char* kColumns =
    "id, session_id, schedule, time_zone, run_timeout_seconds, mode, rpo_target_seconds, hooks::text AS hooks, "
    "paused::int AS paused, extract(epoch FROM next_run_at)::bigint AS next_run_at, missed_count, "
    "extract(epoch FROM created_at)::bigint AS created_at, extract(epoch FROM updated_at)::bigint AS updated_at";

DrPolicyRecord fromRow(const soci::row& r) {
  DrPolicyRecord p;
  p.id = r.get<long long>("id");
  p.sessionId = r.get<long long>("session_id");
  p.schedule = r.get<std::string>("schedule");
  p.timeZone = r.get<std::string>("time_zone");
  p.runTimeoutSeconds = r.get<int>("run_timeout_seconds");
  p.mode = r.get<std::string>("mode");
  p.rpoTargetSeconds = r.get<int>("rpo_target_seconds");
  p.hooksJson = r.get<std::string>("hooks");
  p.paused = r.get<int>("paused") != 0;
  if (r.get_indicator("next_run_at") != soci::i_null) p.nextRunAt = detail::toTime(r.get<long long>("next_run_at"));
  p.missedCount = r.get<long long>("missed_count");
  p.createdAt = detail::toTime(r.get<long long>("created_at"));
  p.updatedAt = detail::toTime(r.get<long long>("updated_at"));
  return p;
}

// next_run_at as bound parameters: the epoch and an indicator (NULL when absent).
struct NextRun {
  long long epoch = 0;
  soci::indicator ind = soci::i_null;
  explicit NextRun(const std::optional<TimePoint>& t) {
    if (t) {
      epoch = detail::epoch(*t);
      ind = soci::i_ok;
    }
  }
};

}  // namespace

std::int64_t DrPolicyDao::insert(soci::session& sql, const DrPolicyRecord& p) const {
  long long sid = p.sessionId;
  int paused = p.paused ? 1 : 0;
  NextRun next(p.nextRunAt);
  long long id = 0;
  sql << "INSERT INTO georep_dr_policies (session_id, schedule, time_zone, run_timeout_seconds, mode, "
         "rpo_target_seconds, hooks, paused, next_run_at) VALUES (:sid, :schedule, :zone, :timeout, :mode, :rpo, "
         "CAST(:hooks AS jsonb), CAST(:paused AS boolean), to_timestamp(:next)) RETURNING id",
      soci::use(sid, "sid"), soci::use(p.schedule, "schedule"), soci::use(p.timeZone, "zone"),
      soci::use(p.runTimeoutSeconds, "timeout"), soci::use(p.mode, "mode"), soci::use(p.rpoTargetSeconds, "rpo"),
      soci::use(p.hooksJson, "hooks"), soci::use(paused, "paused"), soci::use(next.epoch, next.ind, "next"),
      soci::into(id);
  return id;
}

std::optional<DrPolicyRecord> DrPolicyDao::findBySession(soci::session& sql, std::int64_t sessionId) const {
  long long sid = sessionId;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string("SELECT ") + kColumns + " FROM georep_dr_policies WHERE session_id = :sid",
       soci::use(sid, "sid"));
  for (const auto& r : rows) return fromRow(r);
  return std::nullopt;
}

std::vector<DrPolicyRecord> DrPolicyDao::list(soci::session& sql) const {
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string("SELECT ") + kColumns + " FROM georep_dr_policies ORDER BY session_id");
  std::vector<DrPolicyRecord> out;
  for (const auto& r : rows) out.push_back(fromRow(r));
  return out;
}

bool DrPolicyDao::update(soci::session& sql, const DrPolicyRecord& p) const {
  long long sid = p.sessionId;
  int paused = p.paused ? 1 : 0;
  NextRun next(p.nextRunAt);
  soci::statement st =
      (sql.prepare << "UPDATE georep_dr_policies SET schedule = :schedule, time_zone = :zone, "
                      "run_timeout_seconds = :timeout, mode = :mode, rpo_target_seconds = :rpo, "
                      "hooks = CAST(:hooks AS jsonb), paused = CAST(:paused AS boolean), "
                      "next_run_at = to_timestamp(:next), updated_at = now() WHERE session_id = :sid",
       soci::use(p.schedule, "schedule"), soci::use(p.timeZone, "zone"), soci::use(p.runTimeoutSeconds, "timeout"),
       soci::use(p.mode, "mode"), soci::use(p.rpoTargetSeconds, "rpo"), soci::use(p.hooksJson, "hooks"),
       soci::use(paused, "paused"), soci::use(next.epoch, next.ind, "next"), soci::use(sid, "sid"));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

bool DrPolicyDao::remove(soci::session& sql, std::int64_t sessionId) const {
  long long sid = sessionId;
  soci::statement st =
      (sql.prepare << "DELETE FROM georep_dr_policies WHERE session_id = :sid", soci::use(sid, "sid"));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

bool DrPolicyDao::claimWindows(soci::session& sql, std::int64_t sessionId, TimePoint expectedNext,
                               std::optional<TimePoint> newNext, std::int64_t missed) const {
  long long sid = sessionId;
  long long expected = detail::epoch(expectedNext);
  long long add = missed;
  NextRun next(newNext);
  soci::statement st =
      (sql.prepare << "UPDATE georep_dr_policies SET next_run_at = to_timestamp(:next), "
                      "missed_count = missed_count + :missed WHERE session_id = :sid AND NOT paused "
                      "AND next_run_at = to_timestamp(:expected)",
       soci::use(next.epoch, next.ind, "next"), soci::use(add, "missed"), soci::use(sid, "sid"),
       soci::use(expected, "expected"));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

void DrPolicyDao::addMissed(soci::session& sql, std::int64_t sessionId, std::int64_t missed) const {
  long long sid = sessionId;
  long long add = missed;
  sql << "UPDATE georep_dr_policies SET missed_count = missed_count + :missed WHERE session_id = :sid",
      soci::use(add, "missed"), soci::use(sid, "sid");
}

std::map<std::int64_t, DrSessionLabels> DrPolicyDao::sessionLabels(soci::session& sql) const {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT s.id, c.name AS cluster, v.name AS volume, "
                      "s.secondary_user || '@' || s.secondary_host || '::' || s.secondary_volume AS secondary "
                      "FROM georep_dr_policies p JOIN georep_sessions s ON s.id = p.session_id "
                      "JOIN georep_volumes v ON v.id = s.master_volume_id JOIN clusters c ON c.id = s.cluster_id");
  std::map<std::int64_t, DrSessionLabels> out;
  for (const auto& r : rows) {
    out.emplace(r.get<long long>("id"), DrSessionLabels{r.get<std::string>("cluster"), r.get<std::string>("volume"),
                                                        r.get<std::string>("secondary")});
  }
  return out;
}

}  // namespace georep::dao
