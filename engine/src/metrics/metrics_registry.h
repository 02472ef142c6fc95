// EngineMetricsRegistry: the engine's api::MetricsRegistry. render() runs every registered collector,
// in registration order, into one Prometheus text document (PrometheusTextWriter). A collector that
// throws (a bug, or a family it repeats) has its whole output for that scrape dropped and is logged
// (rate-limited); the others are kept, and failures are counted (collectorFailures()).
// Thread-safety: all methods may be called from any thread. Scrapes run concurrently (shared lock);
// resetting a Registration takes the lock exclusively, so it waits for scrapes running that collector
// and no collector code runs after reset() returns.
#pragma once

#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <shared_mutex>
#include <string>

#include "engine/api/metrics.h"

namespace georep::engine {

class EngineMetricsRegistry : public api::MetricsRegistry {
 public:
  EngineMetricsRegistry();
  ~EngineMetricsRegistry() override;
  EngineMetricsRegistry(const EngineMetricsRegistry&) = delete;
  EngineMetricsRegistry& operator=(const EngineMetricsRegistry&) = delete;

  api::Registration registerCollector(std::string name, api::MetricsCollector collector) override;

  // The whole exposition, every collector's families.
  std::string render() const;

  std::uint64_t collectorFailures() const { return failures_.load(); }

 private:
  struct Entry {
    std::uint64_t id = 0;
    std::string name;
    api::MetricsCollector collector;
  };
  // Shared with Registrations, so that one outliving the registry does nothing.
  struct State {
    mutable std::shared_mutex mutex;
    std::list<Entry> entries;
    std::uint64_t nextId = 1;
  };

  std::shared_ptr<State> state_;
  mutable std::atomic<std::uint64_t> failures_{0};
  mutable std::atomic<std::uint64_t> lastLoggedFailure_{0};
  mutable std::atomic<std::size_t> lastBytes_{0};  // size of the previous render: reserved up front
};

}  // namespace georep::engine
