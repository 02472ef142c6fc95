#include "cli/eligibility_renderer.h"

#include "cli/result_renderer.h"
#include "cli/text_table.h"

namespace georep::cli {

using nlohmann::json;

bool isEligibilityReport(const json& result) {
  return result.is_object() && result.contains("master_volume") && result.contains("secondary_host") &&
         result.contains("candidates") && result["candidates"].is_array();
}

std::string renderEligibility(const json& result) {
  const json cluster = result.value("secondary_cluster", json());
  std::string out = "primary volume " + cellText(result.value("master_volume", json())) + ", secondary host " +
                    cellText(result.value("secondary_host", json())) + " (user " +
                    cellText(result.value("secondary_user", json("root"))) + "): " +
                    (cluster.is_string() ? "cluster " + cluster.get<std::string>()
                                         : std::string("no registered cluster, its glusterd is not read")) +
                    "\n";
  out = sanitizeForTerminal(out.substr(0, out.size() - 1)) + "\n";
  const json& candidates = result["candidates"];
  if (candidates.empty()) return out + "(no candidate volumes)\n";
  TextTable table({"VOLUME", "CLUSTER", "ELIGIBLE", "BLOCKS", "REASON", "MESSAGE"});
  for (const auto& c : candidates) {
    const std::string volume = cellText(c.value("volume", json()));
    const std::string clusterName = cellText(c.value("cluster", json()));
    const std::string eligible = c.value("eligible", false) ? "yes" : "no";
    const json reasons = c.value("reasons", json::array());
    if (!reasons.is_array() || reasons.empty()) {
      table.addRow({volume, clusterName, eligible, "", "", ""});
      continue;
    }
    bool first = true;
    for (const auto& r : reasons) {
      table.addRow({first ? volume : "", first ? clusterName : "", first ? eligible : "",
                    r.value("blocking", true) ? "yes" : "no", cellText(r.value("code", json())),
                    cellText(r.value("message", json()))});
      first = false;
    }
  }
  return out + table.render();
}

}  // namespace georep::cli
