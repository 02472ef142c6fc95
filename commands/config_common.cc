#include "commands/config_common.h"

#include <cctype>

#include <soci/soci.h>

#include "commands/command_events.h"
#include "commands/record_json.h"
#include "commands/session_access.h"
#include "commands/session_readback.h"
#include "gluster/cluster_gateway.h"
#include "gluster/config_keys.h"
#include "gluster/errors.h"

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

// A previous checkpoint further ahead of the engine's clock than this was set at a future date: `now`
// legitimately goes back from it.
constexpr long long kFutureCheckpointSlack = 300;

std::optional<long long> checkpointTime(const gluster::ConfigMap& config) {
  const auto it = config.find("checkpoint");
  if (it == config.end() || !isUnixTime(it->second)) return std::nullopt;
  return std::stoll(it->second);
}

long long unixSeconds(CommandClock::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// `checkpoint now`: what the checkpoint was before the command (read live) and when the command started.
struct CheckpointBefore {
  std::optional<long long> time;
  long long startedAt = 0;  // engine clock, Unix seconds
};

// Why the read-back value is not what was asked, or nullopt when it is.
std::optional<std::string> mismatch(const ConfigChange& change, const std::string& key, const std::string& seen,
                                    const std::optional<CheckpointBefore>& checkpoint) {
  if (change.value) {
    // glusterd stores a checkpoint ('now' or "YYYY-MM-DD HH:MM:SS" in the node's local time) as the Unix
    // time it stands for, so any set checkpoint reads back as a non-zero Unix time; after 'now' it must
    // also be newer than the checkpoint before the command (an old checkpoint is not this one).
    if (key == "checkpoint") {
      if (!isUnixTime(seen)) {
        return "checkpoint reads back as '" + seen + "' after '" + *change.value + "' (expected a Unix time)";
      }
      if (!checkpoint || !checkpoint->time) return std::nullopt;
      const long long now = std::stoll(seen);
      const long long before = *checkpoint->time;
      if (now > before) return std::nullopt;
      if (before > checkpoint->startedAt + kFutureCheckpointSlack && now != before) return std::nullopt;
      return "checkpoint reads back as " + seen + " after 'now', not newer than the checkpoint before the command (" +
             std::to_string(before) + ")";
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
    const auto readConfig = [&] {
      return deps.clusters.withHost(locked.cluster,
                                    [&](gluster::GlusterGateway& gw, const api::Host&) { return gw.config(ref); });
    };

    std::optional<CheckpointBefore> checkpoint;
    if (change.value && key == "checkpoint" && *change.value == "now") {
      checkpoint = CheckpointBefore{checkpointTime(readConfig()), unixSeconds(deps.clock->now())};
      // glusterd's 'now' has a one-second resolution: in the second of the previous checkpoint the new
      // one could not be told from it, so wait for the next second first.
      const auto t = checkpoint->time;
      if (t && *t >= checkpoint->startedAt && *t <= checkpoint->startedAt + 2) {
        deps.clock->sleepUntil(CommandClock::TimePoint(std::chrono::seconds(*t + 1)));
      }
    }

    const std::string verb = "config " + change.verb + " " + key;
    const auto unknown = sendAction(deps, locked.cluster, [&](gluster::GlusterGateway& gw) {
      if (change.value) {
        gw.configSet(ref, key, *change.value);
      } else {
        gw.configReset(ref, key);
      }
    });
    gluster::ConfigMap config;
    try {
      config = readConfig();
    } catch (const gluster::GatewayError& e) {
      if (unknown) throw unsettledOutcome(verb, *unknown, false, std::string("none (") + e.what() + ")", 0);
      throw;
    }
    const auto it = config.find(key);
    if (it == config.end()) {
      if (unknown) throw unsettledOutcome(verb, *unknown, false, key + " not listed", 1);
      throw CommandError(ErrorCode::kGlusterError,
                         "glusterd accepted config " + change.verb + " of " + key + " but does not list the key",
                         {}, nlohmann::json{{"key", key}});
    }
    if (auto why = mismatch(change, key, it->second, checkpoint)) {
      if (unknown) {
        // Unchanged: the checkpoint from before, or the stored value for any other key.
        const bool notDone = checkpoint ? checkpointTime(config) == checkpoint->time
                                        : previous && previous->value == it->second;
        throw unsettledOutcome(verb, *unknown, notDone, key + " = " + it->second, 1);
      }
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
    if (unknown) result["outcome_was_unknown"] = *unknown;  // settled by the read-back: done
    nlohmann::json body = subject;
    body["value"] = it->second;
    body["previous"] = result["previous"];
    raiseEvent(deps, ctx, change.successEvent, api::Severity::kInfo, std::move(body));
    return result;
  });
}

}  // namespace georep::commands
