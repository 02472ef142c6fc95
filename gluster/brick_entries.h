// Whether a brick directory holds user data, read on the brick's own node without mounting the volume:
// one fixed argv, `find PATH -mindepth 1 -maxdepth 1 ! -name .glusterfs ! -name .trashcan
// ! -name .glusterfs-anonymous-inode-* -print -quit` (no shell on a LocalTransport; quoted word by word
// by SshTransport). Only the brick's top directory is read: every file or directory of a volume has its
// top-level entry on the bricks that hold it (DHT creates directories on every brick), so an empty top
// level means an empty brick; the names excluded are GlusterFS's own (.glusterfs, the trash
// translator's .trashcan, AFR's .glusterfs-anonymous-inode-<uuid>). PATH comes from glusterd's own
// `volume info` of the cluster, never from a caller, and is still checked (absolute, no "..", a
// conservative character set) before anything is run.
// Thread-safety: pure functions over the caller's transport.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "gluster/transport.h"

namespace georep::gluster {

// The argv; throws GatewayError kInvalidInput (field "brick_path") for a path it will not pass to find.
std::vector<std::string> brickEntriesArgv(const std::string& brickPath);

// nullopt: the brick's top level holds nothing but GlusterFS's own entries; otherwise the first other
// entry found (its path as find prints it). Throws GatewayError: kInvalidInput for the path, the
// transport's own failures, kRefused when find fails (missing directory, permission) with its message.
std::optional<std::string> firstBrickEntry(Transport& transport, const std::string& brickPath,
                                           std::chrono::milliseconds timeout);

}  // namespace georep::gluster
