// Config drift as pure logic: a session's config as stored against the config glusterd lists now.
// Every key whose value differs, that appeared or that disappeared is written, and ONE
// georep.config.changed_externally event per session lists the changes ({key, old, new}; secret values
// masked). A session with no stored config yet (discovered, first read) gets every key stored, and the
// event lists the keys whose value is not glusterd's default (old = the default, "first_read": true): a
// change made outside before the first read is never swallowed as the baseline. is_default follows
// dao::ConfigDao::isDefault.
// Thread-safety: pure function.
#pragma once

#include <optional>
#include <vector>

#include "dao/reconcile_snapshot.h"
#include "engine/api/event_bus.h"
#include "gluster/model.h"
#include "sync-jobs/sync_events.h"

namespace georep::sync {

struct ConfigInput {
  dao::SessionRecord session;
  dao::StoredConfig stored;  // entries empty when nothing is stored yet
  gluster::ConfigMap fetched;
};

struct ConfigPlan {
  std::vector<dao::ConfigWrite> writes;
  std::vector<std::vector<api::Event>> events;  // parallel to writes
};

ConfigPlan planConfig(const ClusterRef& cluster, const std::vector<ConfigInput>& inputs);

}  // namespace georep::sync
