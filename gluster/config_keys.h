// The catalog of geo-replication config keys (glusterfs geo-replication/gsyncd.conf.in, GlusterFS 10.3):
// which keys exist, which glusterd refuses to set, the type and range of each value, and the fixed
// defaults. Used to validate `config KEY VALUE` before anything is sent and to mark config rows as default.
// Thread-safety: the catalog is immutable; all functions are safe to call concurrently.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace georep::gluster {

// '-' and '_' are interchangeable; returns the underscore form ("sync-jobs" -> "sync_jobs").
// Throws GatewayError kInvalidInput (field "key") for malformed text or an unknown key, and
// kReservedOption for keys glusterd refuses to set (gluster_command, pid_file, state_file, ...).
std::string normalizeConfigKey(std::string_view key);

// Checks a value for a normalized key: integers in range, enums (case-sensitive, as gsyncd checks them),
// booleans exactly true/false, free text without control characters, invalid UTF-8, surrounding spaces or
// a leading "--" (only rsync/ssh option lists may start with "--"). Keys that name a program, a directory
// or program options root uses on the nodes (ssh_command, rsync_command, tar_command, remote_gsyncd,
// gluster_command_dir, secondary_gluster_command_dir, gluster_logdir, gluster_rundir, glusterd_workdir,
// gsyncd_miscdir, meta_volume_mnt, gluster_cli_options) may only be set to their own default: anything
// else throws kInvalidInput with field "key", saying what the key names (reset is how to restore it).
// ssh/rsync option lists and glusterfs mount parameters are allow-listed (gluster/option_list_check.h).
// checkpoint is "now" or "YYYY-MM-DD HH:MM:SS": the only forms GlusterFS 10.3's CLI
// accepts (cli-cmd-parser.c config_parse); it turns them into a Unix time (the date in the node's local
// time zone), which is what `config` lists afterwards. A bare Unix time is refused by the CLI, so here too.
// Throws GatewayError kInvalidInput (field "value", or "key" as above), or kReservedOption for a key that
// cannot be set at all (log, pid and state files, working and socket dirs: kFixed).
void validateConfigValue(std::string_view normalizedKey, std::string_view value);

// The key as written on the gluster command line (dash form: "sync-jobs").
std::string cliConfigKey(std::string_view normalizedKey);

// The fixed default of a key ("sync_jobs" -> "3"); nullopt for keys without one (session-derived paths,
// unknown keys).
std::optional<std::string> configDefault(std::string_view normalizedKey);

// True when the (normalized) key is in the catalog (settable or not).
bool isKnownConfigKey(std::string_view normalizedKey);

// All known keys, underscore form, sorted.
std::vector<std::string> knownConfigKeys();

}  // namespace georep::gluster
