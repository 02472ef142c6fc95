#include "engine/src/leadership/leadership_commands.h"

#include <soci/soci.h>

#include "engine/src/leadership/leadership_manager.h"

namespace georep::engine {
namespace {

constexpr auto kLeaseWait = std::chrono::seconds(10);

nlohmann::json textOrNull(const soci::row& r, std::size_t i) {
  return r.get_indicator(i) == soci::i_null ? nlohmann::json() : nlohmann::json(r.get<std::string>(i));
}

nlohmann::json leadershipResult(LeadershipManager& leadership, api::Database& database) {
  const auto mine = leadership.led();
  nlohmann::json clusters = nlohmann::json::array();
  {
    api::DbLease lease = database.lease(kLeaseWait);
    soci::rowset<soci::row> rows = (lease.sql().prepare <<
        "SELECT c.id, c.name, l.epoch, l.engine_id, l.engine_host, l.engine_pid, "
        "to_char(l.since AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
        "to_char(s.lease_expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
        "COALESCE(s.lease_expires_at > clock_timestamp(), false)::int, COALESCE(l.cycles, 0), "
        "to_char(l.last_cycle_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') "
        "FROM clusters c LEFT JOIN engine_cluster_leaders l ON l.cluster_id = c.id "
        "LEFT JOIN engine_cluster_leases s ON s.cluster_id = l.cluster_id AND s.epoch = l.epoch ORDER BY c.name");
    for (const soci::row& r : rows) {
      const auto id = static_cast<std::int64_t>(r.get<long long>(0));
      nlohmann::json leader;
      if (r.get_indicator(2) != soci::i_null) {
        leader = {{"engine_id", r.get<std::string>(3)},
                  {"host", r.get<std::string>(4)},
                  {"pid", r.get<int>(5)},
                  {"epoch", r.get<long long>(2)},
                  {"since", textOrNull(r, 6)},
                  {"lease_expires_at", textOrNull(r, 7)},
                  {"lease_valid", r.get<int>(8) == 1},
                  {"cycles", r.get<long long>(9)},
                  {"last_cycle_at", textOrNull(r, 10)}};
      }
      clusters.push_back({{"cluster_id", id},
                          {"cluster", r.get<std::string>(1)},
                          {"leader", leader},
                          {"led_by_this_engine", mine.count(id) > 0}});
    }
  }
  return {{"engine", {{"engine_id", leadership.engineId()},
                      {"tick_ms", leadership.options().tick.count()},
                      {"lease_ms", leadership.options().lease.count()},
                      {"leads", mine.size()}}},
          {"clusters", clusters}};
}

}  // namespace

std::vector<api::Registration> registerLeadershipCommands(api::CommandBus& bus, api::RouteTable& routes,
                                                          LeadershipManager& leadership, api::Database& database) {
  std::vector<api::Registration> out;
  out.push_back(bus.registerHandler(
      api::CommandSpec{"engine.leadership",
                       "which engine leads each cluster (runs its sync job and DR schedules): engine id, host, pid, "
                       "epoch, since, lease, cycles",
                       {},
                       api::Role::kViewer},
      [&leadership, &database](const nlohmann::json&, const api::CommandContext&) {
        return leadershipResult(leadership, database);
      }));
  api::RouteSpec route = api::makeRoute("GET", "/api/engine/leadership", "engine.leadership",
                                        "Which engine leads each cluster (engine.leadership).");
  route.xml = {"leadership", "clusters", "cluster", {}};
  out.push_back(routes.registerRoute(std::move(route)));
  return out;
}

}  // namespace georep::engine
