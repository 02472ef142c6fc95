// The database spelling of the gluster model's enums and back: worker statuses ("Created", ...,
// "Offline", "Config Corrupted", "Unknown" as the georep_session_bricks CHECK lists them), volume states
// ("Created", "Started", "Stopped") and aggregate statuses ("ACTIVE", ...). Reading an unexpected
// spelling back from the database is a bug: it throws std::runtime_error naming the value.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "gluster/model.h"
#include "gluster/session_health.h"

namespace georep::dao {

gluster::WorkerStatus workerStatusFromDb(std::string_view name);
gluster::VolumeState volumeStateFromDb(std::string_view name);
gluster::AggregateStatus aggregateStatusFromDb(std::string_view name);

}  // namespace georep::dao
