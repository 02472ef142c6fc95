// SyncOptions parsing (sync-jobs/sync_options.h).
#include "sync-jobs/sync_options.h"

#include <set>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace georep::sync {
namespace {

long long integer(const nlohmann::json& section, const char* key, long long def, long long min, long long max) {
  if (!section.contains(key)) return def;
  const auto& v = section.at(key);
  if (!v.is_number_integer()) throw std::invalid_argument(std::string("sync.") + key + ": must be an integer");
  const long long x = v.get<long long>();
  if (x < min || x > max) {
    throw std::invalid_argument(std::string("sync.") + key + ": must be between " + std::to_string(min) + " and " +
                                std::to_string(max));
  }
  return x;
}

}  // namespace

SyncOptions SyncOptions::fromPluginConfig(const nlohmann::json& pluginConfig) {
  SyncOptions o;
  if (!pluginConfig.is_object() || !pluginConfig.contains("sync")) return o;
  const auto& s = pluginConfig.at("sync");
  if (!s.is_object()) throw std::invalid_argument("sync: must be an object");
  static const std::set<std::string> known{"enabled",     "interval_ms",        "jitter_ms",   "config_interval_ms",
                                           "cluster_timeout_ms", "max_parallel", "config_reads_per_cycle",
                                           "stall_minutes", "fault_retry_cycles", "history_retention_days",
                                           "history_sample_interval_s"};
  for (const auto& [key, value] : s.items()) {
    if (!known.count(key)) throw std::invalid_argument("sync." + key + ": unknown setting");
  }
  if (s.contains("enabled")) {
    if (!s.at("enabled").is_boolean()) throw std::invalid_argument("sync.enabled: must be true or false");
    o.enabled = s.at("enabled").get<bool>();
  }
  constexpr long long kDay = 24LL * 3600 * 1000;
  o.interval = std::chrono::milliseconds(integer(s, "interval_ms", o.interval.count(), 100, kDay));
  o.jitter = std::chrono::milliseconds(integer(s, "jitter_ms", o.jitter.count(), 0, kDay));
  o.configInterval = std::chrono::milliseconds(integer(s, "config_interval_ms", o.configInterval.count(), 1000, kDay));
  o.clusterTimeout = std::chrono::milliseconds(integer(s, "cluster_timeout_ms", o.clusterTimeout.count(), 100, kDay));
  o.configReadsPerCycle = static_cast<std::size_t>(
      integer(s, "config_reads_per_cycle", static_cast<long long>(o.configReadsPerCycle), 1, 1000));
  o.maxParallel = static_cast<std::size_t>(integer(s, "max_parallel", static_cast<long long>(o.maxParallel), 1, 64));
  o.stallAfter = std::chrono::minutes(integer(s, "stall_minutes", o.stallAfter.count(), 1, 7 * 24 * 60));
  o.faultRetryCycles = static_cast<int>(integer(s, "fault_retry_cycles", o.faultRetryCycles, 1, 10000));
  o.historyRetention = std::chrono::hours(24 * integer(s, "history_retention_days", 30, 1, 3650));
  o.historySampleInterval =
      std::chrono::seconds(integer(s, "history_sample_interval_s", o.historySampleInterval.count(), 0, 86400));
  return o;
}

}  // namespace georep::sync
