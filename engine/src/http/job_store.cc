#include "engine/src/http/job_store.h"

#include <unistd.h>

#include <soci/soci.h>

#include "engine/src/db/with_lease.h"

namespace georep::engine {
namespace {

std::string dumped(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json parsedOrNull(const std::string& text, soci::indicator ind) {
  if (ind != soci::i_ok) return nullptr;
  return nlohmann::json::parse(text, nullptr, false);
}

constexpr const char* kIsoFormat = "YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"";

}  // namespace

std::string localHostName() {
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

JobStore::JobStore(api::Database& db, Retention retention, std::string engineHost,
                   std::chrono::milliseconds leaseTimeout)
    : db_(db), retention_(retention), engineHost_(std::move(engineHost)), leaseTimeout_(leaseTimeout) {}

JobStore::JobStore(api::Database& db) : JobStore(db, Retention{}, localHostName()) {}

void JobStore::create(const std::string& id, const api::Caller& caller, const std::string& command,
                      const std::string& request) {
  const long long maxAge = retention_.maxAge.count();
  const long long keep = static_cast<long long>(retention_.keepFinished);
  const std::string shownRequest = request.substr(0, 512);
  soci::indicator ownerInd = caller.user.empty() ? soci::i_null : soci::i_ok;
  withLease(db_, leaseTimeout_, [&](soci::session& sql) {
    soci::transaction tx(sql);
    sql << "DELETE FROM rest_jobs WHERE state <> 'running' AND (finished_at < now() - make_interval(secs => :age) "
           "OR id IN (SELECT id FROM rest_jobs WHERE state <> 'running' ORDER BY finished_at DESC, id DESC OFFSET :keep))",
        soci::use(maxAge), soci::use(keep);
    sql << "INSERT INTO rest_jobs (id, owner, actor, command, request, engine_host, state) "
           "VALUES (:id, :owner, :actor, :command, :request, :host, 'running')",
        soci::use(id), soci::use(caller.user, ownerInd), soci::use(caller.actor), soci::use(command),
        soci::use(shownRequest), soci::use(engineHost_);
    tx.commit();
  });
}

void JobStore::succeed(const std::string& id, unsigned httpStatus, const nlohmann::json& result) {
  finish(id, "succeeded", httpStatus, result, nullptr);
}

void JobStore::fail(const std::string& id, unsigned httpStatus, const nlohmann::json& error) {
  finish(id, "failed", httpStatus, nullptr, error);
}

void JobStore::finish(const std::string& id, const char* state, unsigned httpStatus, const nlohmann::json& result,
                      const nlohmann::json& error) {
  const std::string stateText = state;
  const int status = static_cast<int>(httpStatus);
  const std::string resultText = dumped(result);
  const std::string errorText = dumped(error);
  soci::indicator resultInd = result.is_null() ? soci::i_null : soci::i_ok;
  soci::indicator errorInd = error.is_null() ? soci::i_null : soci::i_ok;
  withLease(db_, leaseTimeout_, [&](soci::session& sql) {
    sql << "UPDATE rest_jobs SET state = :state, http_status = :status, result = CAST(:result AS jsonb), "
           "error = CAST(:error AS jsonb), finished_at = now() WHERE id = :id AND state = 'running'",
        soci::use(stateText), soci::use(status), soci::use(resultText, resultInd), soci::use(errorText, errorInd),
        soci::use(id);
  });
}

std::size_t JobStore::failInterrupted() {
  const std::string error = dumped(nlohmann::json{
      {"code", "unavailable"}, {"message", "engine restarted before the job finished; its outcome is unknown"}});
  return withLease(db_, leaseTimeout_, [&](soci::session& sql) {
    soci::statement st = (sql.prepare << "UPDATE rest_jobs SET state = 'failed', http_status = 503, "
                                         "error = CAST(:error AS jsonb), finished_at = now() "
                                         "WHERE state = 'running' AND engine_host = :host",
                          soci::use(error), soci::use(engineHost_));
    st.execute(true);
    return static_cast<std::size_t>(st.get_affected_rows());
  });
}

std::optional<JobRecord> JobStore::find(const std::string& id) {
  return withLease(db_, leaseTimeout_, [&](soci::session& sql) -> std::optional<JobRecord> {
    JobRecord job;
    soci::indicator ownerInd = soci::i_ok, statusInd = soci::i_ok, resultInd = soci::i_ok, errorInd = soci::i_ok,
                    finishedInd = soci::i_ok;
    int status = 0;
    std::string owner, result, error, finished;
    sql << "SELECT id, owner, command, request, state, http_status, result::text, error::text, "
           "to_char(created_at AT TIME ZONE 'UTC', '" << kIsoFormat << "'), "
           "to_char(finished_at AT TIME ZONE 'UTC', '" << kIsoFormat << "') FROM rest_jobs WHERE id = :id",
        soci::use(id), soci::into(job.id), soci::into(owner, ownerInd), soci::into(job.command),
        soci::into(job.request), soci::into(job.state), soci::into(status, statusInd), soci::into(result, resultInd),
        soci::into(error, errorInd), soci::into(job.createdAt), soci::into(finished, finishedInd);
    if (!sql.got_data()) return std::nullopt;
    if (ownerInd == soci::i_ok) job.owner = owner;
    if (statusInd == soci::i_ok) job.httpStatus = static_cast<unsigned>(status);
    job.result = parsedOrNull(result, resultInd);
    job.error = parsedOrNull(error, errorInd);
    if (finishedInd == soci::i_ok) job.finishedAt = finished;
    return job;
  });
}

}  // namespace georep::engine
