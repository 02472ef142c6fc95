// Start-up checks that the engine's config file and the programs and keys it allow-lists can only have
// been written by root (or by the engine's own user): whoever can edit them can make the engine run or
// read anything as root, so the engine refuses to start otherwise. Each failure throws ConfigError naming
// the path and the problem (and the fix).
//   - config file: owned by root or the engine's uid, not writable by group or others; its directory too.
//   - allow-listed gluster commands and SSH keys: absolute, existing regular files owned by root or the
//     engine's uid, not writable by group or others, and so is every directory above them (as OpenSSH's
//     StrictModes: replacing a parent directory replaces the file). Gluster commands must be executable
//     by their owner; SSH keys readable by their owner only (no group/other bits). The built-in gluster
//     command is checked only when it exists on the engine host (for SSH clusters it lives on the nodes).
// Thread-safety: pure functions over the file system; safe to call concurrently.
#pragma once

#include <sys/types.h>

#include <filesystem>

namespace georep::engine {

class AllowList;

void checkConfigFileTrusted(const std::filesystem::path& file, uid_t engineUid);

void checkAllowListTrusted(const AllowList& allow, uid_t engineUid);

}  // namespace georep::engine
