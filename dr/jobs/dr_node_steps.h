// The two things a DR run does on a Gluster node itself, each a handful of fixed argvs (never a shell
// string) sent through the node's gluster::Transport (SSH with the pinned host key, or local):
//  - runHookProgram: a program of the admin's allow-list (plugin config dr.hook_programs, name -> absolute
//    path). Before it runs, `stat` on the node must show the path and every directory above it owned by
//    root, not writable by group (unless the group is root) or others, no symbolic link on the way, the
//    program a regular file executable by its owner; otherwise it is refused naming the component. Then
//    `PATH ARGS...` runs with the hook's timeout (the transport kills it remotely at expiry); exit 0 is
//    success, anything else fails naming the exit status and the start of stderr.
//  - touchPrimaryRoot: makes an idle volume complete a checkpoint (as upstream's schedule_georep.py does):
//    a private mount point is made under kDrMountBase (created 0700 if missing, then checked root-owned
//    and 0700: no other user can plant or swap it), the primary volume is mounted there with the gluster
//    FUSE client (`glusterfs --volfile-server=localhost --volfile-id=VOL --client-pid=-1 -l /dev/null`),
//    the mount's root is touched, and the mount is always undone (`umount -l`, `rmdir`), also after a
//    failure. The volume name is validated (gluster/input_validation.h) before anything is sent.
// Both throw std::runtime_error (or gluster::GatewayError from the transport) with a message for the run.
// Thread-safety: pure functions over a thread-safe Transport.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "gluster/transport.h"

namespace georep::dr {

inline constexpr const char* kDrMountBase = "/run/georep-dr";

// The components whose ownership and mode decide who controls `path`: "/", "/usr", ..., path.
std::vector<std::string> pathChain(const std::string& path);

// Why the `stat -c '%u %g %a %F'` lines of pathChain(path) make the program unsafe, or "" when safe.
std::string programStatProblem(const std::string& path, const std::string& statOutput);

// Checks then runs an allow-listed program. `name` is the allow-list name (for messages).
void runHookProgram(gluster::Transport& node, const std::string& name, const std::string& path,
                    const std::vector<std::string>& args, std::chrono::seconds timeout);

// Mount, touch the root, unmount. `pause` waits between mount checks (tests pass a no-op).
void touchPrimaryRoot(gluster::Transport& node, const std::string& volume, std::chrono::milliseconds callTimeout,
                      const std::function<void(std::chrono::milliseconds)>& pause);

}  // namespace georep::dr
