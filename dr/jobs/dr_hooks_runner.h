// Running a DR policy's quiesce hooks (validated and stored by commands/dr_hooks.h) for one run phase:
//  - webhook: POST of the run's JSON (dr/jobs/webhook_client.h), success = a 2xx within the hook's
//    timeout; redirects are not followed; the URL's query is left out of messages (it may carry a token);
//  - program: the allow-listed name looked up in the CURRENT plugin config (a name removed since the
//    policy was stored fails), run on the hook's node of the session's cluster through
//    ClusterGateway::onNode (pinned host key, argv only), after the ownership/mode check of
//    dr/jobs/dr_node_steps.h.
// `pre` stops at the first failing hook; `post` runs every hook (it is the cleanup) and reports each
// failure. Messages name the hook: "pre hook 1 (webhook https://host:443/path): answered HTTP 500".
// DrNodeServices is what a run needs to reach nodes and hooks; built once by the plugin.
// Thread-safety: runDrHooks is reentrant; DrNodeServices is read-only after construction.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dr/jobs/webhook_client.h"

namespace georep::api {
class Inventory;
struct Cluster;
}  // namespace georep::api

namespace georep::gluster {
class ClusterGateway;
}

namespace georep::dr {

struct DrNodeServices {
  api::Inventory& inventory;
  gluster::ClusterGateway& clusters;
  std::map<std::string, std::string> hookPrograms;  // plugin config dr.hook_programs: name -> absolute path
  WebhookOptions webhook;
};

// The failures of the phase's hooks (empty = all succeeded, or none configured).
std::vector<std::string> runDrHooks(DrNodeServices& services, const api::Cluster& cluster, const nlohmann::json& hooks,
                                    const std::string& phase, const nlohmann::json& payload);

// "scheme://host:port/path" of a webhook URL, without query or fragment (what messages show).
std::string webhookUrlForMessages(const std::string& url);

}  // namespace georep::dr
