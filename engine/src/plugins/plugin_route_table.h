// PluginRouteTable: a plugin's view of the engine's REST route table. Every route the plugin registers
// through it is tracked, so the loader can remove them all (releaseAll) after the plugin's stop(), even
// those the plugin leaked.
// Thread-safety: as api::RouteTable; releaseAll() may be called from any thread.
#pragma once

#include <memory>
#include <vector>

#include "engine/api/routes.h"
#include "engine/src/plugins/registration_tracker.h"

namespace georep::engine {

class PluginRouteTable : public api::RouteTable {
 public:
  explicit PluginRouteTable(api::RouteTable& inner) : inner_(inner), tracker_(RegistrationTracker::create()) {}
  api::Registration registerRoute(api::RouteSpec spec) override {
    return tracker_->track(inner_.registerRoute(std::move(spec)));
  }
  std::vector<api::RouteSpec> routes() const override { return inner_.routes(); }
  void releaseAll() { tracker_->releaseAll(); }

 private:
  api::RouteTable& inner_;
  std::shared_ptr<RegistrationTracker> tracker_;
};

}  // namespace georep::engine
