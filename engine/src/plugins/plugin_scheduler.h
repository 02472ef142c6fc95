// PluginScheduler: a plugin's view of the engine's scheduler. Every job the plugin schedules through it
// is tracked, so the loader can remove them all (releaseAll, which waits for running invocations) after
// the plugin's stop() and before its library is released.
// Thread-safety: as api::Scheduler; releaseAll() may be called from any thread.
#pragma once

#include <memory>

#include "engine/api/scheduler.h"
#include "engine/src/plugins/registration_tracker.h"

namespace georep::engine {

class PluginScheduler : public api::Scheduler {
 public:
  explicit PluginScheduler(api::Scheduler& inner) : inner_(inner), tracker_(RegistrationTracker::create()) {}
  api::Registration schedule(api::JobSpec job) override;
  void releaseAll() { tracker_->releaseAll(); }
  std::size_t scheduled() const { return tracker_->size(); }

 private:
  api::Scheduler& inner_;
  std::shared_ptr<RegistrationTracker> tracker_;
};

}  // namespace georep::engine
