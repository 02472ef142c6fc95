#include "engine/src/plugins/plugin_scheduler.h"

namespace georep::engine {

api::Registration PluginScheduler::schedule(api::JobSpec job) { return tracker_->track(inner_.schedule(std::move(job))); }

}  // namespace georep::engine
