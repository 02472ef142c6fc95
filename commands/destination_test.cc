// georep.destination.test (operator) and the periodic test: from the SOURCE node (the engine's transport
// to it, a fixed argv: gluster/georep_ssh.h), ssh with the geo-rep key to every destination node with its
// host key pinned, as the workers will. The outcome is recorded (status, last_tested_at, per node) and a
// change of the destination's status raises georep.destination.status_changed (warning when it leaves
// "connected", info otherwise). The periodic job is cheap: one ssh per node from the source node.
#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include "commands/command_events.h"
#include "commands/destination_access.h"
#include "commands/destination_handlers.h"
#include "commands/session_access.h"
#include "engine/api/database.h"
#include "engine/api/event_bus.h"

namespace georep::commands {
namespace {

struct Outcome {
  std::vector<NodeTest> tests;
  std::string previous;
  std::string status;
  std::string cluster;
};

Outcome testOne(CommandDeps& deps, const dao::DestinationRecord& d) {
  Outcome o;
  const api::Cluster cluster = clusterById(deps, d.clusterId);
  o.cluster = cluster.name;
  o.tests = testFromSource(deps, cluster, d);
  o.previous = d.status;
  o.status = aggregateStatus(o.tests);
  std::vector<dao::DestinationNodeRecord> nodes = d.nodes;
  for (auto& n : nodes) {
    for (const auto& t : o.tests) {
      if (t.host != n.host) continue;
      n.status = t.status;
      n.error = t.error.empty() ? std::nullopt : std::optional<std::string>(t.error);
    }
  }
  api::DbLease lease = deps.database.lease(deps.options.leaseWait);
  dao::DestinationDao{}.recordTest(lease.sql(), d.id, o.status, nodes);
  return o;
}

nlohmann::json changeBody(const dao::DestinationRecord& d, const Outcome& o) {
  nlohmann::json nodes = nlohmann::json::array();
  for (const auto& t : o.tests) nodes.push_back({{"host", t.host}, {"status", t.status}, {"error", t.error}});
  return nlohmann::json{{"destination", d.id}, {"cluster", o.cluster}, {"host", d.host},  {"port", d.port},
                        {"user", d.user},      {"old", o.previous},     {"new", o.status}, {"nodes", nodes}};
}

}  // namespace

api::CommandSpec destinationTestSpec() {
  return api::CommandSpec{"georep.destination.test",
                          "Prove the path the geo-replication workers use: from the source node, ssh with the geo-rep "
                          "key to each destination node (host key pinned). Reports per node and records the status.",
                          {destinationIdSpec()},
                          api::Role::kOperator};
}

nlohmann::json destinationTest(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx) {
  dao::DestinationRecord d;
  {
    api::DbLease lease = deps.database.lease(deps.options.leaseWait);
    d = destinationById(lease.sql(), params.at("destination").get<std::int64_t>());
  }
  const Outcome o = testOne(deps, d);
  if (o.status != o.previous) {
    raiseEvent(deps, ctx, "georep.destination.status_changed",
               o.status == "connected" ? api::Severity::kInfo : api::Severity::kWarning, changeBody(d, o));
  }
  nlohmann::json nodes = nlohmann::json::array();
  bool ok = !o.tests.empty();
  for (const auto& t : o.tests) {
    ok = ok && t.ok;
    nodes.push_back({{"host", t.host},
                     {"ok", t.ok},
                     {"status", t.status},
                     {"error", t.error.empty() ? nlohmann::json() : nlohmann::json(t.error)},
                     {"elapsed_ms", t.elapsedMs}});
  }
  return nlohmann::json{{"destination", d.id}, {"ok", ok}, {"status", o.status}, {"nodes", std::move(nodes)}};
}

int testAllDestinations(CommandDeps& deps) {
  std::vector<dao::DestinationRecord> all;
  {
    api::DbLease lease = deps.database.lease(deps.options.leaseWait);
    all = dao::DestinationDao{}.list(lease.sql(), std::nullopt);
  }
  int changed = 0;
  for (const auto& d : all) {
    try {
      const Outcome o = testOne(deps, d);
      if (o.status == o.previous) continue;
      ++changed;
      api::Event e;
      e.name = "georep.destination.status_changed";
      e.severity = o.status == "connected" ? api::Severity::kInfo : api::Severity::kWarning;
      e.body = changeBody(d, o);
      deps.events.raise(std::move(e));
    } catch (const std::exception& ex) {
      spdlog::warn("destination {} test: {}", d.id, ex.what());
    }
  }
  return changed;
}

}  // namespace georep::commands
