// EngineMetricsRegistry (engine/src/metrics/metrics_registry.h).
#include "engine/src/metrics/metrics_registry.h"

#include <exception>
#include <mutex>
#include <utility>

#include <spdlog/spdlog.h>

#include "engine/src/metrics/prometheus_text_writer.h"

namespace georep::engine {

EngineMetricsRegistry::EngineMetricsRegistry() : state_(std::make_shared<State>()) {}

EngineMetricsRegistry::~EngineMetricsRegistry() = default;

api::Registration EngineMetricsRegistry::registerCollector(std::string name, api::MetricsCollector collector) {
  if (!collector) throw std::invalid_argument("metrics collector '" + name + "' is empty");
  std::unique_lock lock(state_->mutex);
  const std::uint64_t id = state_->nextId++;
  state_->entries.push_back(Entry{id, std::move(name), std::move(collector)});
  std::weak_ptr<State> weak = state_;
  return api::Registration([weak, id] {
    const auto state = weak.lock();
    if (!state) return;
    std::unique_lock lock(state->mutex);
    state->entries.remove_if([id](const Entry& e) { return e.id == id; });
  });
}

std::string EngineMetricsRegistry::render() const {
  std::string out;
  out.reserve(lastBytes_.load() + lastBytes_.load() / 8);
  PrometheusTextWriter writer(out);
  std::shared_lock lock(state_->mutex);
  for (const Entry& entry : state_->entries) {
    const auto mark = writer.checkpoint();
    std::string error;
    try {
      entry.collector(writer);
      continue;
    } catch (const std::exception& e) {
      error = e.what();
    } catch (...) {
      error = "unknown exception";
    }
    writer.rollback(mark);
    const std::uint64_t failures = ++failures_;
    // One line per failing scrape is plenty when Prometheus scrapes every few seconds: log the first
    // and then every 100th.
    if (failures == 1 || failures - lastLoggedFailure_.load() >= 100) {
      lastLoggedFailure_ = failures;
      spdlog::error("metrics: collector '{}' failed, its metrics are left out of this scrape ({} failures so far): {}",
                    entry.name, failures, error);
    }
  }
  lastBytes_ = out.size();
  return out;
}

}  // namespace georep::engine
