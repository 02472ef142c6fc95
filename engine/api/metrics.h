// Metrics: how the engine and its plugins expose Prometheus metrics on GET /metrics (text exposition
// format 0.0.4). A collector registered with the MetricsRegistry (HostServices::metrics for plugins) is
// called on every scrape with a MetricsWriter and writes its families into it. A collector answers from
// memory only (a snapshot its own periodic job keeps up to date), never from the database or gluster, so
// that a scrape costs the same whatever the state of the clusters.
// The writer checks what it is given: a family name must match [a-zA-Z_:][a-zA-Z0-9_:]* and appear once
// per scrape, label names [a-zA-Z_][a-zA-Z0-9_]* (not `__`-prefixed, `le` is the writer's), a sample needs
// a family of a matching type, histogram buckets ascend; a violation throws std::invalid_argument and
// the engine drops that collector's whole output for this scrape (logged), never a half-written family.
// Label values and help texts are escaped by the writer; values may be any UTF-8 (invalid bytes become
// U+FFFD).
// Thread-safety: registerCollector() and Registration::reset() may be called from any thread; resetting
// waits for a scrape that is running the collector. Collectors may be called concurrently by several
// scrapes and must not register or unregister collectors themselves. A MetricsWriter belongs to one scrape.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "registration.h"

namespace georep::api {

enum class MetricType { kGauge, kCounter, kHistogram };

struct MetricLabel {
  std::string_view name;
  std::string_view value;
};

class MetricsWriter {
 public:
  virtual ~MetricsWriter() = default;

  // Starts a family (# HELP and # TYPE lines); the samples that follow belong to it. A counter's name
  // ends in _total.
  virtual void family(std::string_view name, MetricType type, std::string_view help) = 0;

  // One sample of the current gauge or counter family.
  virtual void sample(std::span<const MetricLabel> labels, double value) = 0;

  // One histogram of the current histogram family: `upperBounds` ascending (no +Inf, the writer adds
  // it), `cumulativeCounts[i]` = observations <= upperBounds[i] (non-decreasing, <= count).
  virtual void histogram(std::span<const MetricLabel> labels, std::span<const double> upperBounds,
                         std::span<const std::uint64_t> cumulativeCounts, double sum, std::uint64_t count) = 0;

  // A state set (OpenMetrics "stateset" rendered as a gauge): one sample per state, labelled
  // `stateLabel`=state, 1 for `current` and 0 for the others.
  void stateSet(std::span<const MetricLabel> labels, std::string_view stateLabel,
                std::span<const std::string_view> states, std::string_view current) {
    std::vector<MetricLabel> withState(labels.begin(), labels.end());
    withState.push_back(MetricLabel{stateLabel, {}});
    for (const std::string_view state : states) {
      withState.back().value = state;
      sample(withState, state == current ? 1.0 : 0.0);
    }
  }
};

// Called once per scrape; throw (anything) to drop this collector's output for the scrape.
using MetricsCollector = std::function<void(MetricsWriter&)>;

class MetricsRegistry {
 public:
  virtual ~MetricsRegistry() = default;
  // `name` says who collects (in logs); the collector runs on every scrape until the Registration is
  // reset or destroyed. Collectors run in registration order.
  virtual Registration registerCollector(std::string name, MetricsCollector collector) = 0;
};

}  // namespace georep::api
