// Checks of the geo-replication config values that are themselves option lists for a program gsyncd
// runs as root: ssh_options, ssh_options_tar and rsync_ssh_options (ssh options), rsync_options (rsync
// options) and gluster_params / secondary_gluster_params (options of the glusterfs mount, each word
// prefixed with "--" by gsyncd). gsyncd splits these values on whitespace (str.split()) and passes the
// words to the program unchanged, so a word is an option of that program.
//
// Each check is an ALLOW-list, parsed the way the program parses its command line (ssh's getopt with
// bundled flags and attached or separate arguments, rsync's short bundles and --long[=value]): options
// that choose a program, a configuration file, a key, a log/socket file, a forwarding or a remote
// command are refused, and so is anything the list does not know. No word may hold characters outside a
// small ASCII set (no quotes, '$', '%', '\', non-ASCII whitespace that Python would split on), and only
// ssh's -i may hold a '/': it accepts exactly gsyncd's own key files (kGsyncdIdentityFiles).
// Refusals throw GatewayError kInvalidInput, field "value", with a message naming the key, the option and
// why it is refused.
// Thread-safety: pure functions; safe to call concurrently.
#pragma once

#include <array>
#include <string_view>

namespace georep::gluster {

// The private keys gsyncd itself uses (gsyncd.conf.in defaults of ssh_options and ssh_options_tar,
// made by `gluster system:: execute gsec_create`); the only values ssh's -i may take here.
inline constexpr std::array<std::string_view, 2> kGsyncdIdentityFiles{
    "/var/lib/glusterd/geo-replication/secret.pem", "/var/lib/glusterd/geo-replication/tar_ssh.pem"};

// ssh options: -4 -6 -C -q -v -T -x -k; -c CIPHERS, -m MACS, -p PORT, -l USER; -o KEY=VALUE for a
// fixed set of harmless KEYs (authentication, timeouts, algorithms, logging); -i with a key of
// kGsyncdIdentityFiles. Refused e.g.: -F, -i OTHER, -E, -S, -I, -J, -L, -R, -D, -W, -w, -M, -O, -A, -X,
// -Y, -oProxyCommand=..., -o LocalCommand=..., -oIdentityFile=..., a bare word, "--".
void checkSshOptionList(std::string_view key, std::string_view value);

// rsync options: harmless flags (-a -z -v --bwlimit=N --inplace --acls ... and --no-FLAG), values made
// of [A-Za-z0-9._,:+-] only (so no path), --remote-option=OPTION / -MOPTION with OPTION itself accepted.
// Refused e.g.: -e / --rsh (in a bundle like -ave too), --rsync-path, --log-file, --files-from,
// --*-from, --filter/-f/-F, --temp-dir/-T, --*-dest, --backup-dir, --password-file, --*-batch,
// --early-input, --write-devices, --daemon, --config, a bare word (a source path), "--".
void checkRsyncOptionList(std::string_view key, std::string_view value);

// glusterfs mount options: aux-gfid-mount, acl, selinux, resolve-gids, enable-ino32, fopen-keep-cache,
// mem-accounting, and NAME=VALUE for log-level, direct-io-mode, use-readdirp and the numeric timeouts.
// Refused e.g.: log-file=, volfile=, volfile-server=, xlator-option=, client-pid=, dump-fuse=.
void checkGlusterMountParams(std::string_view key, std::string_view value);

}  // namespace georep::gluster
