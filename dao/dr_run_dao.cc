#include "dao/dr_run_dao.h"

#include <soci/soci.h>

#include "dao/soci_conversions.h"

namespace georep::dao {
namespace {

constexpr const char* kColumns =
    "id, session_id, policy_id, trigger, extract(epoch FROM scheduled_for)::bigint AS scheduled_for, result, step, "
    "extract(epoch FROM started_at)::bigint AS started_at, extract(epoch FROM deadline_at)::bigint AS deadline_at, "
    "extract(epoch FROM ended_at)::bigint AS ended_at, extract(epoch FROM checkpoint_time)::bigint AS checkpoint_time, "
    "duration_seconds, pending_entry, pending_data, pending_meta, error, brick, "
    "cancel_requested::int AS cancel_requested, extract(epoch FROM heartbeat_at)::bigint AS heartbeat_at";

std::optional<TimePoint> optTime(const soci::row& r, const char* name) {
  if (r.get_indicator(name) == soci::i_null) return std::nullopt;
  return detail::toTime(r.get<long long>(name));
}
std::optional<std::int64_t> optInt(const soci::row& r, const char* name) {
  if (r.get_indicator(name) == soci::i_null) return std::nullopt;
  return r.get<long long>(name);
}
std::optional<std::string> optText(const soci::row& r, const char* name) {
  if (r.get_indicator(name) == soci::i_null) return std::nullopt;
  return r.get<std::string>(name);
}

DrRunRecord fromRow(const soci::row& r) {
  DrRunRecord run;
  run.id = r.get<long long>("id");
  run.sessionId = r.get<long long>("session_id");
  run.policyId = optInt(r, "policy_id");
  run.trigger = r.get<std::string>("trigger");
  run.scheduledFor = optTime(r, "scheduled_for");
  run.result = r.get<std::string>("result");
  run.step = r.get<std::string>("step");
  run.startedAt = detail::toTime(r.get<long long>("started_at"));
  run.deadlineAt = optTime(r, "deadline_at");
  run.endedAt = optTime(r, "ended_at");
  run.checkpointTime = optTime(r, "checkpoint_time");
  run.durationSeconds = optInt(r, "duration_seconds");
  run.pendingEntry = optInt(r, "pending_entry");
  run.pendingData = optInt(r, "pending_data");
  run.pendingMeta = optInt(r, "pending_meta");
  run.error = optText(r, "error");
  run.brick = optText(r, "brick");
  run.cancelRequested = r.get<int>("cancel_requested") != 0;
  run.heartbeatAt = optTime(r, "heartbeat_at");
  return run;
}

std::vector<DrRunRecord> select(soci::session& sql, const std::string& where, long long a, long long b) {
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string("SELECT ") + kColumns + " FROM georep_dr_runs " + where, soci::use(a, "a"),
       soci::use(b, "b"));
  std::vector<DrRunRecord> out;
  for (const auto& r : rows) out.push_back(fromRow(r));
  return out;
}

// An optional bound parameter: value and indicator.
template <typename T>
struct Opt {
  T value{};
  soci::indicator ind = soci::i_null;
};
Opt<long long> opt(const std::optional<TimePoint>& t) {
  return t ? Opt<long long>{detail::epoch(*t), soci::i_ok} : Opt<long long>{};
}
Opt<long long> opt(const std::optional<std::int64_t>& v) {
  return v ? Opt<long long>{static_cast<long long>(*v), soci::i_ok} : Opt<long long>{};
}
Opt<std::string> opt(const std::optional<std::string>& v) {
  return v ? Opt<std::string>{*v, soci::i_ok} : Opt<std::string>{};
}

}  // namespace

std::optional<std::int64_t> DrRunDao::begin(soci::session& sql, const DrRunRecord& run) const {
  long long sid = run.sessionId;
  auto policy = opt(run.policyId);
  auto scheduled = opt(run.scheduledFor);
  auto deadline = opt(run.deadlineAt);
  auto entry = opt(run.pendingEntry);
  auto data = opt(run.pendingData);
  auto meta = opt(run.pendingMeta);
  long long beat = detail::epoch(run.startedAt);
  long long id = 0;
  soci::indicator idInd = soci::i_null;
  sql << "INSERT INTO georep_dr_runs (session_id, policy_id, trigger, scheduled_for, deadline_at, pending_entry, "
         "pending_data, pending_meta, heartbeat_at) VALUES (:sid, :policy, :trigger, to_timestamp(:scheduled), "
         "to_timestamp(:deadline), :entry, :data, :meta, to_timestamp(:beat)) "
         "ON CONFLICT (session_id) WHERE result = 'running' DO NOTHING RETURNING id",
      soci::use(sid, "sid"), soci::use(policy.value, policy.ind, "policy"), soci::use(run.trigger, "trigger"),
      soci::use(scheduled.value, scheduled.ind, "scheduled"), soci::use(deadline.value, deadline.ind, "deadline"),
      soci::use(entry.value, entry.ind, "entry"), soci::use(data.value, data.ind, "data"),
      soci::use(meta.value, meta.ind, "meta"), soci::use(beat, "beat"), soci::into(id, idInd);
  if (!sql.got_data() || idInd == soci::i_null) return std::nullopt;
  return id;
}

std::int64_t DrRunDao::insertSkipped(soci::session& sql, std::int64_t sessionId, std::int64_t policyId,
                                     TimePoint scheduledFor, const std::string& reason) const {
  long long sid = sessionId;
  long long pid = policyId;
  long long scheduled = detail::epoch(scheduledFor);
  long long id = 0;
  sql << "INSERT INTO georep_dr_runs (session_id, policy_id, trigger, scheduled_for, result, ended_at, error) "
         "VALUES (:sid, :pid, 'schedule', to_timestamp(:scheduled), 'skipped', now(), :reason) RETURNING id",
      soci::use(sid, "sid"), soci::use(pid, "pid"), soci::use(scheduled, "scheduled"), soci::use(reason, "reason"),
      soci::into(id);
  return id;
}

void DrRunDao::setStep(soci::session& sql, std::int64_t runId, const std::string& step) const {
  long long id = runId;
  sql << "UPDATE georep_dr_runs SET step = :step WHERE id = :id AND result = 'running'", soci::use(step, "step"),
      soci::use(id, "id");
}

void DrRunDao::setCheckpointTime(soci::session& sql, std::int64_t runId, TimePoint checkpointTime) const {
  long long id = runId;
  long long t = detail::epoch(checkpointTime);
  sql << "UPDATE georep_dr_runs SET checkpoint_time = to_timestamp(:t) WHERE id = :id", soci::use(t, "t"),
      soci::use(id, "id");
}

bool DrRunDao::finish(soci::session& sql, std::int64_t runId, const std::string& result,
                      const std::optional<std::string>& error, const std::optional<std::string>& brick) const {
  long long id = runId;
  auto err = opt(error);
  auto br = opt(brick);
  soci::statement st =
      (sql.prepare << "UPDATE georep_dr_runs SET result = :result, ended_at = now(), error = :error, brick = :brick "
                      "WHERE id = :id AND result = 'running'",
       soci::use(result, "result"), soci::use(err.value, err.ind, "error"), soci::use(br.value, br.ind, "brick"),
       soci::use(id, "id"));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

std::optional<std::int64_t> DrRunDao::requestCancel(soci::session& sql, std::int64_t sessionId) const {
  long long sid = sessionId;
  long long id = 0;
  soci::indicator ind = soci::i_null;
  sql << "UPDATE georep_dr_runs SET cancel_requested = true WHERE session_id = :sid AND result = 'running' "
         "RETURNING id",
      soci::use(sid, "sid"), soci::into(id, ind);
  if (!sql.got_data() || ind == soci::i_null) return std::nullopt;
  return id;
}

bool DrRunDao::heartbeat(soci::session& sql, std::int64_t runId, TimePoint now) const {
  long long id = runId;
  long long t = detail::epoch(now);
  int cancel = 0;
  soci::indicator ind = soci::i_null;
  sql << "UPDATE georep_dr_runs SET heartbeat_at = to_timestamp(:t) WHERE id = :id AND result = 'running' "
         "RETURNING cancel_requested::int",
      soci::use(t, "t"), soci::use(id, "id"), soci::into(cancel, ind);
  return sql.got_data() && ind == soci::i_ok && cancel != 0;
}

bool DrRunDao::takeOver(soci::session& sql, std::int64_t runId, TimePoint staleBefore, TimePoint now) const {
  long long id = runId;
  long long stale = detail::epoch(staleBefore);
  long long t = detail::epoch(now);
  soci::statement st =
      (sql.prepare << "UPDATE georep_dr_runs SET heartbeat_at = to_timestamp(:t) WHERE id = :id AND result = 'running' "
                      "AND (heartbeat_at IS NULL OR heartbeat_at < to_timestamp(:stale))",
       soci::use(t, "t"), soci::use(id, "id"), soci::use(stale, "stale"));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

std::optional<DrRunRecord> DrRunDao::find(soci::session& sql, std::int64_t runId) const {
  auto rows = select(sql, "WHERE id = :a AND :b = 0", runId, 0);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::optional<DrRunRecord> DrRunDao::lastSucceeded(soci::session& sql, std::int64_t sessionId) const {
  auto rows = select(sql, "WHERE session_id = :a AND result = 'succeeded' ORDER BY checkpoint_time DESC LIMIT :b",
                     sessionId, 1);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<DrRunRecord> DrRunDao::listRunning(soci::session& sql) const {
  return select(sql, "WHERE result = 'running' AND :a = :b ORDER BY id", 0, 0);
}

std::vector<DrRunRecord> DrRunDao::listBySession(soci::session& sql, std::int64_t sessionId, int limit) const {
  return select(sql, "WHERE session_id = :a ORDER BY id DESC LIMIT :b", sessionId, limit);
}

std::map<std::int64_t, DrRunRecord> DrRunDao::lastSucceededBySession(soci::session& sql) const {
  std::map<std::int64_t, DrRunRecord> out;
  for (auto& run : select(sql,
                          "WHERE result = 'succeeded' AND :a = :b "
                          "AND (session_id, checkpoint_time) IN (SELECT session_id, max(checkpoint_time) "
                          "FROM georep_dr_runs WHERE result = 'succeeded' GROUP BY session_id) ORDER BY id",
                          0, 0)) {
    out.insert_or_assign(run.sessionId, std::move(run));  // ties on T: the latest run
  }
  return out;
}

std::map<std::int64_t, TimePoint> DrRunDao::completedCheckpoints(soci::session& sql,
                                                                  std::optional<std::int64_t> sessionId) const {
  long long sid = sessionId.value_or(0);
  int all = sessionId ? 0 : 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT session_id, extract(epoch FROM max(checkpoint_time))::bigint AS t "
                      "FROM georep_session_bricks WHERE worker_status = 'Active' AND (:all = 1 OR session_id = :sid) "
                      "GROUP BY session_id HAVING bool_and(coalesce(checkpoint_completed, false)) "
                      "AND bool_and(checkpoint_time IS NOT NULL) AND count(DISTINCT checkpoint_time) = 1",
       soci::use(all, "all"), soci::use(sid, "sid"));
  std::map<std::int64_t, TimePoint> out;
  for (const auto& r : rows) out.emplace(r.get<long long>("session_id"), detail::toTime(r.get<long long>("t")));
  return out;
}

std::vector<DrRunCount> DrRunDao::countByResult(soci::session& sql) const {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT session_id, result, count(*)::bigint AS n FROM georep_dr_runs "
                      "WHERE result <> 'running' GROUP BY session_id, result ORDER BY session_id, result");
  std::vector<DrRunCount> out;
  for (const auto& r : rows) {
    out.push_back(DrRunCount{r.get<long long>("session_id"), r.get<std::string>("result"), r.get<long long>("n")});
  }
  return out;
}

}  // namespace georep::dao
