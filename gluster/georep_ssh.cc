#include "gluster/georep_ssh.h"

#include <stdexcept>

#include "gluster/authorized_keys.h"
#include "gluster/errors.h"
#include "gluster/input_validation.h"

namespace georep::gluster {

std::vector<std::string> readCommonSecretArgv() {
  return {"cat", std::string(kGeorepDir) + "/common_secret.pem.pub"};
}

namespace {

const char* const kRootIdentityScript =
    "set -e\n"
    "emit() { [ -f \"$1\" ] && printf 'identity\\t%s\\n' \"$(head -n 1 \"$1\")\"; return 0; }\n"
    // Only the glusterd of this node: the one in this shell's network namespace (a machine may run other
    // glusterds in containers or namespaces, each with its own, since glusterd owns port 24007 there). Not
    // the mount namespace: sshd may run in a private one (the lab's does) while glusterd serves the node.
    "for p in $(pidof glusterd 2>/dev/null || true); do\n"
    "  [ \"$(readlink /proc/$p/ns/net)\" = \"$(readlink /proc/$$/ns/net)\" ] || continue\n"
    "  k=$(tr '\\0' '\\n' < \"/proc/$p/environ\" | sed -n 's/^GR_SSH_IDENTITY_KEY=//p' | head -n 1)\n"
    "  if [ -n \"$k\" ]; then emit \"$k.pub\"; fi\n"
    "done\n"
    "found=0\n"
    "for t in ed25519 ecdsa rsa; do\n"
    "  if [ -f \"$HOME/.ssh/id_$t.pub\" ]; then emit \"$HOME/.ssh/id_$t.pub\"; found=1; fi\n"
    "done\n"
    "if [ $found = 0 ]; then\n"
    "  umask 077; [ -d \"$HOME/.ssh\" ] || mkdir -m 700 \"$HOME/.ssh\"\n"
    "  ssh-keygen -q -t ed25519 -N '' -C \"root@$(hostname) georep\" -f \"$HOME/.ssh/id_ed25519\" < /dev/null\n"
    "  emit \"$HOME/.ssh/id_ed25519.pub\"\n"
    "fi\n"
    "printf 'identity\\tEND\\n'\n";

}  // namespace

std::vector<std::string> rootIdentityArgv() { return {"sh", "-c", kRootIdentityScript, "georep-identity"}; }

std::vector<std::string> parseRootIdentities(std::string_view out) {
  std::vector<std::string> keys;
  bool finished = false;
  std::size_t start = 0;
  while (start < out.size()) {
    std::size_t end = out.find('\n', start);
    if (end == std::string_view::npos) end = out.size();
    const std::string_view line = out.substr(start, end - start);
    start = end + 1;
    if (line == "identity\tEND") {
      finished = true;
      continue;
    }
    if (line.rfind("identity\t", 0) != 0) continue;
    const std::string key = plainKeyLine(line.substr(9));
    bool seen = false;
    for (const auto& k : keys) seen = seen || k == key;
    if (!seen) keys.push_back(key);
  }
  if (!finished) throw std::runtime_error("reading the source node's root SSH identity did not finish");
  if (keys.empty()) throw std::runtime_error("the source node has no root SSH identity");
  return keys;
}

std::vector<std::string> hostKeyScanArgv(const std::string& host, int port) {
  validateHostName(host, "host");
  validatePort(port, "port");
  return {"ssh-keyscan", "-T", "5", "-p", std::to_string(port), "-t", "ed25519,ecdsa,rsa", "--", host};
}

std::vector<ScannedKey> parseKeyScan(std::string_view out) {
  std::vector<ScannedKey> keys;
  std::size_t start = 0;
  while (start < out.size()) {
    std::size_t end = out.find('\n', start);
    if (end == std::string_view::npos) end = out.size();
    const std::string_view line = out.substr(start, end - start);
    start = end + 1;
    if (line.empty() || line.front() == '#') continue;
    const auto sp = line.find(' ');
    if (sp == std::string_view::npos) continue;
    const auto key = parseAuthorizedKey(line.substr(sp + 1));  // TYPE BLOB, the host name dropped
    if (key && key->options.empty()) keys.push_back({key->type, key->base64});
  }
  return keys;
}

std::vector<std::string> sshPathTestArgv(const SshPathTest& test) {
  validateHostName(test.host, "host");
  validatePort(test.port, "port");
  validateUserName(test.user, "user");
  if (!isSupportedKeyType(test.hostKeyType) || !isBase64Blob(test.hostKeyBase64)) {
    throw GatewayError(ErrorKind::kInvalidInput, "the pinned host key of " + test.host + " is not a valid key", 0, 0,
                       "fingerprint");
  }
  // %H is the known_hosts name ssh looks for ("[host]:port" off port 22): the one line matches it.
  const std::string knownHosts = "KnownHostsCommand=/bin/echo %H " + test.hostKeyType + " " + test.hostKeyBase64;
  return {"ssh", "-n", "-T",  // stdin /dev/null, no tty: the forced command (gsyncd) cannot wait on input
          "-i", std::string(kGeorepDir) + "/secret.pem",
          "-p", std::to_string(test.port),
          "-o", "BatchMode=yes",
          "-o", "PasswordAuthentication=no",
          "-o", "KbdInteractiveAuthentication=no",
          "-o", "IdentitiesOnly=yes",
          "-o", "StrictHostKeyChecking=yes",
          "-o", "UserKnownHostsFile=/dev/null",
          "-o", "GlobalKnownHostsFile=/dev/null",
          "-o", knownHosts,
          "-o", "ConnectTimeout=" + std::to_string(test.connectTimeoutSeconds),
          "-o", "LogLevel=ERROR",
          "-l", test.user,
          "--", test.host, "true"};
}

SshPathResult classifySshPathTest(const ExecResult& result) {
  SshPathResult r;
  if (result.exitStatus != 255) {
    r.ok = true;
    r.status = "connected";
    return r;
  }
  std::string first = result.err.substr(0, result.err.find('\n'));
  if (first.size() > 300) first.resize(300);
  r.error = first.empty() ? "ssh failed (exit status 255)" : first;
  const auto has = [&](const char* text) { return result.err.find(text) != std::string::npos; };
  if (has("Host key verification failed") || has("REMOTE HOST IDENTIFICATION HAS CHANGED") ||
      has("host key for")) {
    r.status = "host_key_changed";
  } else if (has("Permission denied") || has("Too many authentication failures")) {
    r.status = "auth_failed";
  } else {
    r.status = "unreachable";
  }
  return r;
}

}  // namespace georep::gluster
