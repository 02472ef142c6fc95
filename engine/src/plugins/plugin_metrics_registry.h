// PluginMetricsRegistry: a plugin's view of the engine's metrics registry (HostServices::metrics). Every
// collector the plugin registers through it is tracked, so the loader removes them all (releaseAll) after
// the plugin's stop(), even those it leaked: no scrape calls into an unloaded library.
// Thread-safety: as api::MetricsRegistry; releaseAll() may be called from any thread.
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "engine/api/metrics.h"
#include "engine/src/plugins/registration_tracker.h"

namespace georep::engine {

class PluginMetricsRegistry : public api::MetricsRegistry {
 public:
  explicit PluginMetricsRegistry(api::MetricsRegistry& inner)
      : inner_(inner), tracker_(RegistrationTracker::create()) {}
  api::Registration registerCollector(std::string name, api::MetricsCollector collector) override {
    return tracker_->track(inner_.registerCollector(std::move(name), std::move(collector)));
  }
  void releaseAll() { tracker_->releaseAll(); }

 private:
  api::MetricsRegistry& inner_;
  std::shared_ptr<RegistrationTracker> tracker_;
};

}  // namespace georep::engine
