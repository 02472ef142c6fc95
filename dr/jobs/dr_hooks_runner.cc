#include "dr/jobs/dr_hooks_runner.h"

#include <exception>

#include "dr/jobs/dr_node_steps.h"
#include "engine/api/inventory.h"
#include "gluster/cluster_gateway.h"
#include "gluster/input_validation.h"

namespace georep::dr {
namespace {

void runWebhook(const DrNodeServices& services, const nlohmann::json& hook, const nlohmann::json& payload) {
  const auto url = hook.at("url").get<std::string>();
  const auto timeout = std::chrono::seconds(hook.value("timeout_seconds", 30));
  const auto reply = postWebhook(url, payload.dump(), timeout, services.webhook);
  if (reply.status >= 200 && reply.status < 300) return;
  std::string message = "answered HTTP " + std::to_string(reply.status);
  if (reply.status >= 300 && reply.status < 400) message += " (redirects are not followed)";
  throw std::runtime_error(message);
}

void runProgram(DrNodeServices& services, const api::Cluster& cluster, const nlohmann::json& hook) {
  const auto name = hook.at("program").get<std::string>();
  const auto path = services.hookPrograms.find(name);
  if (path == services.hookPrograms.end()) {
    throw std::runtime_error("program '" + name + "' is no longer in the dr.hook_programs allow-list of the engine config");
  }
  const auto args = hook.value("args", std::vector<std::string>{});
  const auto timeout = std::chrono::seconds(hook.value("timeout_seconds", 300));
  services.clusters.onNode(cluster, hook.at("node").get<std::string>(), [&](gluster::Transport& node, const api::Host&) {
    runHookProgram(node, name, path->second, args, timeout);
  });
}

std::string describe(const nlohmann::json& hook) {
  if (hook.value("type", "") == "webhook") return "webhook " + webhookUrlForMessages(hook.value("url", ""));
  return "program " + hook.value("program", std::string()) + " on " + gluster::printableValue(hook.value("node", ""));
}

}  // namespace

std::string webhookUrlForMessages(const std::string& url) {
  try {
    const auto parsed = WebhookUrl::parse(url);
    std::string path = parsed.target.substr(0, parsed.target.find('?'));
    const bool v6 = parsed.host.find(':') != std::string::npos;
    return std::string(parsed.tls ? "https://" : "http://") + (v6 ? "[" + parsed.host + "]" : parsed.host) + ":" +
           parsed.port + gluster::printableValue(path, 200);
  } catch (const std::exception&) {
    return "(unparsable URL)";
  }
}

std::vector<std::string> runDrHooks(DrNodeServices& services, const api::Cluster& cluster, const nlohmann::json& hooks,
                                    const std::string& phase, const nlohmann::json& payload) {
  std::vector<std::string> failures;
  const auto list = hooks.value(phase, nlohmann::json::array());
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& hook = list[i];
    try {
      if (hook.value("type", "") == "webhook") runWebhook(services, hook, payload);
      else runProgram(services, cluster, hook);
    } catch (const std::exception& e) {
      failures.push_back(phase + " hook " + std::to_string(i + 1) + " (" + describe(hook) + "): " + e.what());
      if (phase == "pre") break;  // a failing pre hook fails the run at once
    }
  }
  return failures;
}

}  // namespace georep::dr
