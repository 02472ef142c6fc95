// Validation of a DR policy's quiesce hooks (stored as structured JSON, run by dr/jobs/dr_hooks_runner.h):
//   {"pre": [hook, ...], "post": [hook, ...]}, at most kMaxHooksPerPhase each, where a hook is either
//   {"type": "webhook", "url": "https://host[:port]/path", "timeout_seconds": 1..300 (default 30)}
//     http or https only, no user:password in the URL (secrets are never stored in clear), printable
//     ASCII, at most 2048 characters; or
//   {"type": "program", "program": NAME, "args": ["..."], "node": HOST, "timeout_seconds": 1..3600 (default 300)}
//     NAME is a key of the plugin config's dr.hook_programs allow-list (root-owned engine config; a
//     caller never gives a path), args at most 32 strings of at most 1024 printable characters (argv only,
//     never a shell), HOST a host address of the session's cluster in the inventory.
// Unknown keys are refused. Errors are invalid_argument on field "hooks", the message naming the place
// ("hooks.pre[0].url: ...").
// Thread-safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace georep::commands {

inline constexpr std::size_t kMaxHooksPerPhase = 4;

// The hooks with defaults filled in, or throws api::CommandError(invalid_argument, field "hooks").
nlohmann::json validateDrHooks(const nlohmann::json& hooks, const std::map<std::string, std::string>& programs,
                               const std::vector<std::string>& clusterNodes);

// Reads the plugin config's dr.hook_programs ({"name": "/absolute/path"}); throws std::invalid_argument.
// Names: 1..64 of [a-z0-9_-]; paths absolute, without "..". (Ownership and modes are checked on the node
// each time a hook runs: dr/jobs/dr_node_steps.h.)
std::map<std::string, std::string> parseDrHookPrograms(const nlohmann::json& section);

}  // namespace georep::commands
