// georep.config.set: set one geo-replication config key of a session. The key ('-' or '_' form) and the
// value are validated by the gateway's catalog (gluster/config_keys.h) before anything is sent: unknown
// or malformed key -> invalid_argument "key", reserved key (glusterd refuses it) -> invalid_argument
// "key", bad value -> invalid_argument "value". After glusterd accepts, the WHOLE config is read back
// (single-key reads lose one-character values, GLUSTER.md), the key must show the value set
// (`checkpoint now` shows the Unix time glusterd chose), and the whole config is stored.
// Note: glusterd restarts a running session on any config change except checkpoint.
#include "commands/config_common.h"
#include "commands/handlers.h"
#include "commands/param_specs.h"

namespace georep::commands {

api::CommandSpec configSetSpec() {
  api::ParamSpec key;
  key.name = "key";
  key.required = true;
  key.maxLength = 64;
  key.description = "A geo-replication config key, '-' or '_' form (e.g. sync-jobs, change_detector, checkpoint).";
  api::ParamSpec value;
  value.name = "value";
  value.required = true;
  value.maxLength = 4096;
  value.description = "The value, checked per key (ranges, choices, booleans exactly true/false, checkpoint "
                      "'now' or 'YYYY-MM-DD HH:MM:SS' in the nodes' local time).";
  return api::CommandSpec{"georep.config.set",
                          "Set one geo-replication config key of a session, then read the whole config back "
                          "and store it.",
                          {sessionIdSpec(), key, value}, api::Role::kOperator};
}

nlohmann::json configSet(CommandDeps& deps, const nlohmann::json& params, const api::CommandContext& ctx) {
  ConfigChange change;
  change.verb = "set";
  change.successEvent = "georep.config.set";
  change.failureEvent = "georep.config.set_failed";
  change.value = params.at("value").get<std::string>();
  return runConfigChange(deps, change, params, ctx);
}

}  // namespace georep::commands
