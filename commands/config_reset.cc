// georep.config.reset: reset one geo-replication config key of a session to its default (`config !KEY`).
// Key validated like georep.config.set. After glusterd accepts, the whole config is read back; a key with
// a fixed default must show it; the whole config is stored.
#include "commands/config_common.h"
#include "commands/handlers.h"
#include "commands/param_specs.h"

namespace georep::commands {

api::CommandSpec configResetSpec() {
  api::ParamSpec key;
  key.name = "key";
  key.required = true;
  key.maxLength = 64;
  key.description = "A geo-replication config key, '-' or '_' form.";
  return api::CommandSpec{"georep.config.reset",
                          "Reset one geo-replication config key of a session to its default, then read the whole "
                          "config back and store it.",
                          {sessionIdSpec(), key}, api::Role::kOperator};
}

nlohmann::json configReset(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx) {
  ConfigChange change;
  change.verb = "reset";
  change.successEvent = "georep.config.reset";
  change.failureEvent = "georep.config.reset_failed";
  return runConfigChange(deps, change, params, ctx);
}

}  // namespace georep::commands
