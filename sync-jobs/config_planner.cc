// Config drift (sync-jobs/config_planner.h).
#include "sync-jobs/config_planner.h"

#include <utility>

#include "dao/config_dao.h"
#include "gluster/config_keys.h"

namespace georep::sync {

ConfigPlan planConfig(const ClusterRef& cluster, const std::vector<ConfigInput>& inputs) {
  ConfigPlan plan;
  for (const auto& in : inputs) {
    dao::ConfigWrite w;
    w.sessionId = in.session.id;
    w.version = in.stored.version;
    const bool firstRead = in.stored.entries.empty();
    nlohmann::json changes = nlohmann::json::array();
    for (const auto& [key, value] : in.fetched) {
      const bool isDefault = dao::ConfigDao::isDefault(key, value);
      auto it = in.stored.entries.find(key);
      if (it != in.stored.entries.end() && it->second.value == value && it->second.isDefault == isDefault) continue;
      w.upserts.push_back(dao::ConfigEntry{key, value, isDefault});
      if (firstRead) {
        // No baseline yet: whatever differs from glusterd's default was set outside georep.
        if (!isDefault) changes.push_back(configChange(key, gluster::configDefault(key), value));
      } else if (it == in.stored.entries.end()) {
        changes.push_back(configChange(key, std::nullopt, value));
      } else if (it->second.value != value) {
        changes.push_back(configChange(key, it->second.value, value));
      }
    }
    for (const auto& [key, entry] : in.stored.entries) {
      if (in.fetched.count(key)) continue;
      w.removals.push_back(key);
      changes.push_back(configChange(key, entry.value, std::nullopt));
    }
    if (w.upserts.empty() && w.removals.empty()) continue;
    std::vector<api::Event> events;
    if (!changes.empty())
      events.push_back(configChangedEvent(cluster, labelOf(in.session), std::move(changes), firstRead));
    plan.writes.push_back(std::move(w));
    plan.events.push_back(std::move(events));
  }
  return plan;
}

}  // namespace georep::sync
