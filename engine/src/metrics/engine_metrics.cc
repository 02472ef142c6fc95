// The engine's own metric families (engine/src/metrics/engine_metrics.h).
#include "engine/src/metrics/engine_metrics.h"

#include <array>
#include <utility>

#include "engine/src/metrics/metrics_registry.h"

namespace georep::engine {

api::Registration registerEngineMetrics(EngineMetricsRegistry& registry, std::string version,
                                        std::chrono::system_clock::time_point startedAt) {
  const double started =
      std::chrono::duration<double>(startedAt.time_since_epoch()).count();
  return registry.registerCollector(
      "engine", [&registry, version = std::move(version), started](api::MetricsWriter& w) {
        using api::MetricType;
        const std::array<api::MetricLabel, 1> versionLabel{api::MetricLabel{"version", version}};
        w.family("georep_build_info", MetricType::kGauge, "The running georep engine's version (always 1).");
        w.sample(versionLabel, 1);
        w.family("georep_up", MetricType::kGauge, "1 while the georep engine answers scrapes.");
        w.sample({}, 1);
        w.family("georep_engine_start_time_seconds", MetricType::kGauge,
                 "When this engine process started, in seconds since the Unix epoch.");
        w.sample({}, started);
        w.family("georep_metrics_collector_failures_total", MetricType::kCounter,
                 "Scrapes in which a metrics collector failed and its metrics were left out.");
        w.sample({}, static_cast<double>(registry.collectorFailures()));
      });
}

}  // namespace georep::engine
