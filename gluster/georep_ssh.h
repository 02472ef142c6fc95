// The source-node side of geo-replication SSH, as argv for a Transport to a source node (never a shell
// line built from input): reading the geo-rep public keys gsec_create made, the node's root SSH identity
// (the one glusterd's create checks and push-pem hook log in with), and the test of the path the workers
// use: ssh with the geo-rep key (secret.pem) to a destination node, the destination's host key pinned
// through KnownHostsCommand (no file written on the node).
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gluster/transport.h"

namespace georep::gluster {

inline constexpr const char* kGeorepDir = "/var/lib/glusterd/geo-replication";

// cat of common_secret.pem.pub (made by `gluster system:: execute gsec_create`).
std::vector<std::string> readCommonSecretArgv();

// sh -c script printing root's identity public key lines: the one glusterd was started with
// (GR_SSH_IDENTITY_KEY in its environment, which gverify.sh and the push-pem hook use), and the default
// OpenSSH identities (~/.ssh/id_ed25519.pub, id_ecdsa.pub, id_rsa.pub); when there is none at all it makes
// ~/.ssh/id_ed25519 (ssh-keygen, no passphrase), as GlusterFS's setup guide has the admin do.
// Output: one "identity<TAB>LINE" per key, then "identity<TAB>END".
std::vector<std::string> rootIdentityArgv();
std::vector<std::string> parseRootIdentities(std::string_view out);  // plain key lines; throws if unfinished

// ssh-keyscan of one node's sshd, run ON that node (root access through the inventory): the node
// vouches for its own host keys over the engine's pinned connection to it.
std::vector<std::string> hostKeyScanArgv(const std::string& host, int port);
struct ScannedKey {
  std::string type;
  std::string base64;
};
// The "HOST TYPE BLOB" lines of ssh-keyscan's output (comments and garbage skipped).
std::vector<ScannedKey> parseKeyScan(std::string_view out);

struct SshPathTest {
  std::string host;           // destination node
  int port = 22;
  std::string user;           // destination user
  std::string hostKeyType;    // the pinned host key of that node
  std::string hostKeyBase64;
  int connectTimeoutSeconds = 10;
};

// ssh -i secret.pem ... USER@HOST true, BatchMode, strict host key checking against the pinned key only.
// Validates host, port, user, key type and blob (GatewayError kInvalidInput).
std::vector<std::string> sshPathTestArgv(const SshPathTest& test);

struct SshPathResult {
  bool ok = false;
  std::string status;  // connected | unreachable | auth_failed | host_key_changed
  std::string error;   // empty when ok: ssh's own message (first line of stderr)
};
// ssh exits 255 for its own failures; any other status means the login succeeded (the geo-rep key's
// forced command ran, whatever it answered).
SshPathResult classifySshPathTest(const ExecResult& result);

}  // namespace georep::gluster
