// georep.config.get: one key of a session's stored config ('-' or '_' form), with its value and whether it
// is the default. Read-only: the sync job keeps the stored config current.
#include <algorithm>

#include <soci/soci.h>

#include "commands/handlers.h"
#include "commands/param_specs.h"
#include "commands/record_json.h"
#include "engine/api/command_error.h"
#include "engine/api/database.h"

namespace georep::commands {

api::CommandSpec configGetSpec() {
  api::ParamSpec key;
  key.name = "key";
  key.required = true;
  key.maxLength = 64;
  key.description = "A geo-replication config key, '-' or '_' form (e.g. sync-jobs).";
  return api::CommandSpec{"georep.config.get", "One key of the stored geo-replication config of a session.",
                          {sessionIdSpec(), key}, api::Role::kViewer};
}

nlohmann::json configGet(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext&) {
  const auto id = params.at("session_id").get<std::int64_t>();
  std::string key = params.at("key").get<std::string>();
  std::replace(key.begin(), key.end(), '-', '_');
  api::DbLease lease = deps.database.lease(deps.options.leaseWait);
  soci::session& sql = lease.sql();
  if (!deps.sessions.findById(sql, id)) {
    throw api::CommandError(api::ErrorCode::kNotFound, "no geo-replication session with id " + std::to_string(id),
                            "session_id");
  }
  for (const auto& entry : deps.config.list(sql, id)) {
    if (entry.key == key) return nlohmann::json{{"session_id", id}, {"option", configJson({entry}).at(0)}};
  }
  throw api::CommandError(api::ErrorCode::kNotFound, "session " + std::to_string(id) + " has no config key " + key,
                          "key");
}

}  // namespace georep::commands
