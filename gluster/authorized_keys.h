// authorized_keys handling for geo-replication destinations: parsing OpenSSH authorized_keys lines,
// validating the public keys a source cluster hands out (gsec_create's common_secret.pem.pub lines with
// their command= restrictions, and the source nodes' root identities), and the pure idempotent merge
// (which wanted lines are missing) and removal that the remote scripts below apply.
// The remote scripts are constant text run as `sh -c SCRIPT NAME LINE...`: the key lines travel only as
// positional parameters, never as shell syntax. They act on $HOME/.ssh/authorized_keys of the user they
// run as (OpenSSH's default AuthorizedKeysFile), creating ~/.ssh (0700) and the file (0600) as that user,
// so ownership is right by construction.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace georep::gluster {

struct AuthorizedKey {
  std::string options;  // e.g. command="/usr/lib/x86_64-linux-gnu/glusterfs/gsyncd" ("" when none)
  std::string type;     // ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256, ...
  std::string base64;   // the key blob
  std::string comment;  // may be empty
};

// True for the key types OpenSSH accepts in authorized_keys that we hand out.
bool isSupportedKeyType(std::string_view type);
// True for a non-empty RFC 4648 base64 text (with optional '=' padding at the end only).
bool isBase64Blob(std::string_view text);

// Parses one authorized_keys line: [options] type base64 [comment]. Options may hold double-quoted
// strings with spaces (command="tar ${SSH_ORIGINAL_COMMAND#* }"). nullopt for a blank line, a comment, or
// anything that is not a supported key line.
std::optional<AuthorizedKey> parseAuthorizedKey(std::string_view line);

// The lines of gsec_create's common_secret.pem.pub, validated: every non-blank line is
// command="..." TYPE BLOB [comment] with a supported type, printable ASCII only. Throws
// std::invalid_argument naming the line number for anything else (nothing is pushed then).
std::vector<std::string> georepKeyLines(std::string_view commonSecretPub);

// A root identity public key line (id_ed25519.pub): TYPE BLOB [comment], no options. Throws
// std::invalid_argument otherwise.
std::string plainKeyLine(std::string_view line);

// The lines of `wanted` (in order, without duplicates) that `existing` (an authorized_keys content) lacks,
// compared as whole lines, as glusterfs's peer_add_secret_pub does (grep -Fx).
std::vector<std::string> missingLines(std::string_view existing, const std::vector<std::string>& wanted);

// `existing` without every line equal to one of `remove`; every other line kept as it was.
std::string withoutLines(std::string_view existing, const std::vector<std::string>& remove);

// sh -c script: appends each argument line missing from ~/.ssh/authorized_keys (creating ~/.ssh 0700 and
// the file 0600), prints "added<TAB>LINE" for each line it appended, and "keys<TAB>OK" at the end.
extern const char* const kAppendKeysScript;
// sh -c script: removes every line equal to an argument from ~/.ssh/authorized_keys (other lines kept,
// mode kept 0600), prints "removed<TAB>N" with the number of lines taken away.
extern const char* const kRemoveKeysScript;

// The argv that runs `script` with the lines as positional parameters.
std::vector<std::string> keysScriptArgv(const char* script, const std::vector<std::string>& lines);

// The "added<TAB>LINE" lines of kAppendKeysScript's output. Throws std::runtime_error unless the output
// ends with the "keys<TAB>OK" line (the script did not finish).
std::vector<std::string> parseAppendOutput(std::string_view out);

}  // namespace georep::gluster
