// georep.sync.now (commands/sync_now.h).
#include "commands/sync_now.h"

#include <utility>

namespace georep::commands {

api::CommandSpec syncNowSpec() {
  api::ParamSpec cluster;
  cluster.name = "cluster";
  cluster.type = api::ParamType::kString;
  cluster.maxLength = 64;
  cluster.description = "The cluster to reconcile (by name); every cluster when absent.";
  api::ParamSpec config;
  config.name = "config";
  config.type = api::ParamType::kBoolean;
  config.defaultValue = false;
  config.description = "Also read every session's config and store what changed outside the engine.";
  return api::CommandSpec{"georep.sync.now",
                          "Reconcile the database with GlusterFS now (status of every session, and config when "
                          "asked) and return what changed.",
                          {cluster, config}, api::Role::kOperator};
}

api::Registration registerSyncNow(api::CommandBus& bus, SyncNowRunner& runner) {
  return bus.registerHandler(syncNowSpec(), [&runner](const nlohmann::json& params, const api::CommandContext& ctx) {
    SyncNowRequest request;
    if (params.contains("cluster") && params.at("cluster").is_string()) {
      request.cluster = params.at("cluster").get<std::string>();
    }
    if (params.contains("config") && params.at("config").is_boolean()) request.config = params.at("config").get<bool>();
    return runner.syncNow(request, ctx);
  });
}

}  // namespace georep::commands
