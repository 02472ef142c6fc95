// SshSession: one connected, host-key-verified, authenticated libssh session to one host, running one
// command at a time, each on its own channel. libssh stays inside ssh_session.cc.
//
// Host key: the SHA256 fingerprint of the key the server presents ("SHA256:<base64, no padding>", as
// `ssh-keygen -lf` prints it) must equal the pinned one. Nothing pinned -> kHostKeyUnknown; a different
// key -> kHostKeyMismatch; both messages show the fingerprint(s) seen. A server has one key per type and
// the client negotiates one type, so when the negotiated key does not match, the other types
// (ed25519, ecdsa, rsa) are fetched on fresh connections; only a key equal to the pin is accepted.
// Authentication: the configured private key (publickey), then the ssh-agent when SSH_AUTH_SOCK is set;
// nothing else (no ~/.ssh/id_* files, no ~/.ssh/config, no known_hosts). openWithPassword() instead
// authenticates with a password (password method, else keyboard-interactive), for the one connection
// that sets up a geo-replication destination; the password is never copied into a message or member.
// probe() only connects and reads the host key and banner: it trusts and authenticates nothing.
// Connect failures (refused, DNS, timeout) -> kUnreachable; authentication -> kAuthFailed.
//
// exec(): a hung command is cut at its timeout: the remote process is sent SIGKILL with the SSH
// "signal" channel request (OpenSSH's sshd >= 7.9 delivers it to the command's process group, but
// refuses it for root logins, which run without post-authentication privilege separation), the
// channel is closed and kTimeout is thrown; the caller should drop the session. A command without a
// pty gets no SIGHUP when its channel closes: where the signal is refused it runs on until it writes
// (SIGPIPE) or ends, which is why SshTransport also wraps commands in a remote `timeout`.
// Thread-safety: NOT thread-safe; one thread at a time (SshSessionPool hands a session to one caller).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "gluster/ssh_target.h"
#include "gluster/transport.h"

struct ssh_session_struct;  // libssh's opaque session

namespace georep::gluster {

// A server's host key: its type ("ssh-ed25519"), SHA256 fingerprint and base64 blob (known_hosts form).
struct SshHostKey {
  std::string type;
  std::string fingerprint;
  std::string base64;
};

struct SshProbe {
  SshHostKey hostKey;  // the key the server negotiated by default
  std::string banner;  // "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3"
};

class SshSession {
 public:
  static constexpr std::size_t kDefaultMaxOutputBytes = 256u << 20;  // per stream

  // Connects, verifies the host key and authenticates, each step bounded by connectTimeout.
  // hostKeyAlgorithms: libssh SSH_OPTIONS_HOSTKEYS to try first ("" = libssh's defaults); the
  // algorithms that matched the pin are reported by hostKeyAlgorithms() for the next connection.
  static std::unique_ptr<SshSession> open(const SshTarget& target, std::chrono::milliseconds connectTimeout,
                                          const std::string& hostKeyAlgorithms = {});
  // The same host key check, then password authentication (see above).
  static std::unique_ptr<SshSession> openWithPassword(const SshTarget& target, std::string_view password,
                                                      std::chrono::milliseconds connectTimeout);
  // Connects, reads the host key and the server banner, disconnects. kUnreachable when it cannot connect.
  static SshProbe probe(const SshTarget& target, std::chrono::milliseconds connectTimeout);
  // The public half of a private key file (type, SHA256 fingerprint, base64); nullopt when it cannot be
  // loaded (missing, unreadable, passphrase-protected).
  static std::optional<SshHostKey> publicKeyOf(const std::string& privateKeyPath);
  // The SHA256 fingerprint ("SHA256:...") of a public key given as type and base64 blob; nullopt when
  // the blob is not a key of that type.
  static std::optional<std::string> fingerprintOf(const std::string& type, const std::string& base64);

  ~SshSession();
  SshSession(const SshSession&) = delete;
  SshSession& operator=(const SshSession&) = delete;

  // Runs commandLine (already shell-quoted) on a new channel. `sent` becomes true once the exec
  // request is about to go out: a failure before that means the command never reached the host.
  ExecResult exec(const std::string& commandLine, std::chrono::milliseconds timeout, bool& sent,
                  std::size_t maxOutputBytes = kDefaultMaxOutputBytes);

  bool connected() const;
  const SshTarget& target() const { return target_; }
  const std::string& hostKeyAlgorithms() const { return hostKeyAlgorithms_; }
  const std::string& hostKeyFingerprint() const { return seenFingerprint_; }
  // The host key that matched the pin (type, fingerprint, base64).
  const SshHostKey& hostKey() const { return hostKey_; }

 private:
  struct Token {
    explicit Token() = default;
  };
  struct Closer {
    void operator()(ssh_session_struct* s) const;
  };
  using Handle = std::unique_ptr<ssh_session_struct, Closer>;

 public:
  // Only open() can make one (Token is private).
  SshSession(Token, SshTarget target, Handle handle, std::string algorithms, std::string fingerprint,
             SshHostKey hostKey);

 private:
  static std::unique_ptr<SshSession> openImpl(const SshTarget& target, std::chrono::milliseconds connectTimeout,
                                              const std::string& hostKeyAlgorithms, const std::string_view* password);

  SshTarget target_;
  Handle handle_;
  std::string hostKeyAlgorithms_;
  std::string seenFingerprint_;
  SshHostKey hostKey_;
};

}  // namespace georep::gluster
