// waitForCreateHook: after `create push-pem`, waits until the gsync-create post hook has ended on every
// node of the cluster that can be asked (gluster/create_hook.h), polling options.createHookPoll apart,
// at most options.createHookWait. The caller holds the cluster's hook window (gluster/quiet_windows.h)
// meanwhile, so no other engine call reaches glusterd during the hook. Ended means two polls in a row
// found no hook on any node (the hook is spawned just after glusterd answers the create).
// Thread-safety: uses the thread-safe services of CommandDeps; one call per command.
#pragma once

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

namespace georep::api {
struct Cluster;
}

namespace georep::commands {

struct CommandDeps;

struct CreateHookWait {
  bool ended = false;    // seen gone on every node asked
  bool checked = true;   // false: no node could tell (pgrep missing or no node reachable); `note` says why
  std::chrono::milliseconds waited{0};
  std::string note;

  nlohmann::json toJson() const;  // the create result's "push_pem_hook"
};

CreateHookWait waitForCreateHook(CommandDeps& deps, const api::Cluster& cluster);

}  // namespace georep::commands
