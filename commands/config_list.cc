// georep.config.list: the stored config of a session, every key with its value and whether it is the
// default (dao/config_dao.h says how that is decided). Read-only: the sync job keeps it current.
#include <soci/soci.h>

#include "commands/handlers.h"
#include "commands/param_specs.h"
#include "commands/record_json.h"
#include "engine/api/command_error.h"
#include "engine/api/database.h"

namespace georep::commands {

api::CommandSpec configListSpec() {
  api::ParamSpec changed;
  changed.name = "changed_only";
  changed.type = api::ParamType::kBoolean;
  changed.defaultValue = false;
  changed.description = "List only the keys whose value differs from the default.";
  return api::CommandSpec{"georep.config.list", "The stored geo-replication config of a session, defaults marked.",
                          {sessionIdSpec(), changed}, api::Role::kViewer};
}

nlohmann::json configList(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext&) {
  const auto id = params.at("session_id").get<std::int64_t>();
  const bool changedOnly = params.value("changed_only", false);
  api::DbLease lease = deps.database.lease(deps.options.leaseWait);
  soci::session& sql = lease.sql();
  if (!deps.sessions.findById(sql, id)) {
    throw api::CommandError(api::ErrorCode::kNotFound, "no geo-replication session with id " + std::to_string(id),
                            "session_id");
  }
  auto entries = deps.config.list(sql, id);
  if (changedOnly) std::erase_if(entries, [](const dao::ConfigEntry& e) { return e.isDefault; });
  return nlohmann::json{{"session_id", id}, {"config", configJson(entries)}};
}

}  // namespace georep::commands
