// The engine's own metric families, registered as one collector of the EngineMetricsRegistry:
//   georep_build_info{version}                 1 (the version of the running engine)
//   georep_up                                  1 while the engine serves /metrics
//   georep_engine_start_time_seconds           when this engine process started (Unix time)
//   georep_metrics_collector_failures_total    scrapes in which a collector failed and was left out
// Thread-safety: the collector reads constants and an atomic counter.
#pragma once

#include <chrono>
#include <string>

#include "engine/api/registration.h"

namespace georep::engine {

class EngineMetricsRegistry;

api::Registration registerEngineMetrics(EngineMetricsRegistry& registry, std::string version,
                                        std::chrono::system_clock::time_point startedAt);

}  // namespace georep::engine
