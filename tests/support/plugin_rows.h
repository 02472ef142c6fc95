// Readers of the plugin's tables for tests and benchmarks: a fingerprint of every plugin row's version,
// to prove that a step wrote nothing (any insert, update or delete changes it).
// Thread-safety: each call borrows its own connection from the pool; safe from any thread.
#pragma once

#include <string>

#include "engine/api/database.h"

namespace georep::testing {

// "<table>=<ctid>:<xmin>,...\n" for georep_volumes, georep_bricks, georep_sessions, georep_session_bricks,
// georep_session_config and georep_cluster_sync, in that order.
std::string pluginRowVersions(api::Database& db);

}  // namespace georep::testing
