// georep.session.history (viewer): a session's status transitions and per-brick samples (worker status,
// pending entry/data/meta, last-synced lag) over [since, until) as time series for charts, downsampled in
// SQL into steps of `step` seconds (worst pending and lag of each step, the last worker status in it).
// since/until: "YYYY-MM-DDTHH:MM:SSZ" (UTC); defaults: until = now, since = until - 24 h; the range is at
// most 366 days. step: seconds; default range/500 (at least 60); raised so that a brick has at most
// kMaxHistoryPoints points (the step used is returned). Transitions: the most recent kMaxHistoryTransitions.
#include <cstdio>
#include <string>

#include <soci/soci.h>

#include "commands/handlers.h"
#include "commands/param_specs.h"
#include "dao/history_dao.h"
#include "engine/api/command_error.h"
#include "engine/api/database.h"
#include "gluster/model_json.h"

namespace georep::commands {
namespace {

constexpr std::int64_t kMaxHistoryPoints = 1000;
constexpr std::size_t kMaxHistoryTransitions = 1000;
constexpr std::chrono::seconds kDefaultRange{24 * 3600};
constexpr std::chrono::seconds kMaxRange{366LL * 24 * 3600};

api::ParamSpec timeSpec(const char* name, const char* description) {
  api::ParamSpec p;
  p.name = name;
  p.type = api::ParamType::kString;
  p.maxLength = 20;
  p.description = description;
  return p;
}

// "2026-12-01T05:56:01Z", exactly; anything else is refused naming the field.
dao::TimePoint parseUtc(const std::string& text, const char* field) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  char tail = 0;
  const bool shaped = text.size() == 20 && text[4] == '-' && text[7] == '-' && text[10] == 'T' && text[13] == ':' &&
                      text[16] == ':' && text[19] == 'Z' &&
                      std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &tail) == 7;
  const std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
                                         std::chrono::day{static_cast<unsigned>(d)}};
  if (!shaped || !date.ok() || y < 1970 || h > 23 || mi > 59 || s > 59) {
    throw api::CommandError(api::ErrorCode::kInvalidArgument,
                            std::string(field) + " must be a UTC time like 2026-12-01T05:56:01Z", field);
  }
  return dao::TimePoint{std::chrono::sys_days{date}} + std::chrono::hours{h} + std::chrono::minutes{mi} +
         std::chrono::seconds{s};
}

nlohmann::json orNull(const std::optional<std::int64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

}  // namespace

api::CommandSpec sessionHistorySpec() {
  api::ParamSpec step;
  step.name = "step";
  step.type = api::ParamType::kInteger;
  step.minimum = 1;
  step.maximum = kMaxRange.count();
  step.description = "Seconds per point (raised so that a brick has at most 1000 points).";
  return api::CommandSpec{
      "georep.session.history",
      "A session's status transitions and per-brick samples (pending, last-synced lag, worker status) as time series.",
      {sessionIdSpec(), timeSpec("since", "Start of the range, UTC (2026-12-01T00:00:00Z); default until - 24 h."),
       timeSpec("until", "End of the range (excluded), UTC; default now."), step},
      api::Role::kViewer};
}

nlohmann::json sessionHistory(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext&) {
  const auto id = params.at("session_id").get<std::int64_t>();
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(deps.clock->now());
  const dao::TimePoint until =
      params.contains("until") && params["until"].is_string() ? parseUtc(params["until"], "until") : now + std::chrono::seconds{1};
  const dao::TimePoint since =
      params.contains("since") && params["since"].is_string() ? parseUtc(params["since"], "since") : until - kDefaultRange;
  if (since >= until) throw api::CommandError(api::ErrorCode::kInvalidArgument, "since must be before until", "since");
  const std::chrono::seconds range = until - since;
  if (range > kMaxRange) {
    throw api::CommandError(api::ErrorCode::kInvalidArgument, "the range may span at most 366 days", "since");
  }
  const std::int64_t minStep = (range.count() + kMaxHistoryPoints - 1) / kMaxHistoryPoints;
  std::int64_t step = params.contains("step") && params["step"].is_number_integer()
                          ? params["step"].get<std::int64_t>()
                          : std::max<std::int64_t>(60, (range.count() + 499) / 500);
  step = std::max(step, minStep);

  api::DbLease lease = deps.database.lease(deps.options.leaseWait);
  soci::session& sql = lease.sql();
  if (!deps.sessions.findById(sql, id)) {
    throw api::CommandError(api::ErrorCode::kNotFound, "no geo-replication session with id " + std::to_string(id),
                            "session_id");
  }
  const dao::HistoryDao history;
  nlohmann::json transitions = nlohmann::json::array();
  for (const auto& t : history.transitions(sql, id, since, until, kMaxHistoryTransitions)) {
    transitions.push_back({{"at", gluster::formatIsoUtc(t.at)},
                           {"old", t.oldStatus ? nlohmann::json(*t.oldStatus) : nlohmann::json()},
                           {"new", t.newStatus}});
  }
  nlohmann::json bricks = nlohmann::json::array();
  for (const auto& b : history.brickSeries(sql, id, since, until, std::chrono::seconds{step})) {
    nlohmann::json points = nlohmann::json::array();
    for (const auto& p : b.points) {
      points.push_back({{"t", gluster::formatIsoUtc(p.at)},
                        {"worker_status", p.workerStatus},
                        {"entry_pending", orNull(p.entryPending)},
                        {"data_pending", orNull(p.dataPending)},
                        {"meta_pending", orNull(p.metaPending)},
                        {"lag_seconds", orNull(p.lagSeconds)},
                        {"samples", p.samples}});
    }
    bricks.push_back({{"brick", b.host + ":" + b.path}, {"host", b.host}, {"path", b.path}, {"points", std::move(points)}});
  }
  return nlohmann::json{{"session_id", id},
                        {"since", gluster::formatIsoUtc(since)},
                        {"until", gluster::formatIsoUtc(until)},
                        {"step", step},
                        {"transitions", std::move(transitions)},
                        {"bricks", std::move(bricks)}};
}

}  // namespace georep::commands
