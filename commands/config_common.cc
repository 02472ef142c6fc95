#include "commands/config_common.h"

#include <cctype>

#include <soci/soci.h>

#include "commands/command_events.h"
#include "commands/record_json.h"
#include "commands/session_access.h"
#include "gluster/cluster_gateway.h"
#include "gluster/config_keys.h"

namespace georep::commands {
namespace {

using api::CommandError;
using api::ErrorCode;

bool isUnixTime(const std::string& s) {
  if (s.empty() || s.size() > 12) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return s != "0";
}

// Why the read-back value is not what was asked, or nullopt when it is.
std::optional<std::string> mismatch(const ConfigChange& change, const std::string& key, const std::string& seen) {
  if (change.value) {
    // glusterd stores a checkpoint ('now' or "YYYY-MM-DD HH:MM:SS" in the node's local time) as the Unix
    // time it stands for, so any set checkpoint reads back as a non-zero Unix time.
    if (key == "checkpoint") {
      if (isUnixTime(seen)) return std::nullopt;
      return "checkpoint reads back as '" + seen + "' after '" + *change.value + "' (expected a Unix time)";
    }
    if (seen == *change.value) return std::nullopt;
    return key + " reads back as '" + seen + "' after set to '" + *change.value + "'";
  }
  const auto def = gluster::configDefault(key);
  if (!def || seen == *def) return std::nullopt;
  return key + " reads back as '" + seen + "' after reset (default '" + *def + "')";
}

}  // namespace

nlohmann::json runConfigChange(CommandDeps& deps, const ConfigChange& change, const nlohmann::json& params,
                               const api::CommandContext& ctx) {
  const auto id = sessionIdParam(params);
  const std::string rawKey = params.at("key").get<std::string>();
  nlohmann::json subject{{"session_id", id}, {"key", rawKey}};
  if (change.value) subject["value"] = *change.value;
  return runFailing(deps, ctx, change.failureEvent, subject, [&]() -> nlohmann::json {
    const std::string key = gluster::normalizeConfigKey(rawKey);
    subject["key"] = key;
    if (change.value) gluster::validateConfigValue(key, *change.value);

    LockedSession locked = lockSession(deps, id);
    soci::session& sql = locked.lock.sql();
    subject["cluster"] = locked.cluster.name;
    subject["master_volume"] = locked.session.masterVolume;
    const auto previous = deps.config.find(sql, id, key);
    const auto ref = sessionRef(locked.session);

    deps.clusters.withHost(locked.cluster, [&](gluster::GlusterGateway& gw, const api::Host&) {
      if (change.value) {
        gw.configSet(ref, key, *change.value);
      } else {
        gw.configReset(ref, key);
      }
    });
    const auto config = deps.clusters.withHost(
        locked.cluster, [&](gluster::GlusterGateway& gw, const api::Host&) { return gw.config(ref); });
    const auto it = config.find(key);
    if (it == config.end()) {
      throw CommandError(ErrorCode::kGlusterError,
                         "glusterd accepted config " + change.verb + " of " + key + " but does not list the key",
                         {}, nlohmann::json{{"key", key}});
    }
    if (auto why = mismatch(change, key, it->second)) {
      throw CommandError(ErrorCode::kGlusterError, "glusterd accepted config " + change.verb + " but " + *why, {},
                         nlohmann::json{{"key", key}, {"observed", it->second}});
    }

    {
      soci::transaction tr(sql);
      deps.config.replaceAll(sql, id, config);
      tr.commit();
    }
    const auto stored = deps.config.find(sql, id, key);
    nlohmann::json result{{"session_id", id},
                          {"key", key},
                          {"value", it->second},
                          {"is_default", stored ? stored->isDefault : false},
                          {"previous", previous ? nlohmann::json(previous->value) : nlohmann::json(nullptr)},
                          {"config", configJson(deps.config.list(sql, id))}};
    nlohmann::json body = subject;
    body["value"] = it->second;
    body["previous"] = result["previous"];
    raiseEvent(deps, ctx, change.successEvent, api::Severity::kInfo, std::move(body));
    return result;
  });
}

}  // namespace georep::commands
