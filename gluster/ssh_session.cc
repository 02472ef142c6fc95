#include "gluster/ssh_session.h"

#include <libssh/callbacks.h>
#include <libssh/libssh.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "gluster/errors.h"

namespace georep::gluster {
namespace {

using Clock = std::chrono::steady_clock;

void initLibssh() {
  static std::once_flag once;
  std::call_once(once, [] { ssh_init(); });
}

struct KeyFree {
  void operator()(ssh_key key) const { ssh_key_free(key); }
};
using Key = std::unique_ptr<ssh_key_struct, KeyFree>;

// Host key algorithm families a server may hold one key of each.
constexpr std::array<const char*, 3> kAlgorithmFamilies = {
    "ssh-ed25519",
    "ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521",
    "rsa-sha2-512,rsa-sha2-256",
};

int familyOf(std::string_view keyType) {
  if (keyType == "ssh-ed25519") return 0;
  if (keyType.substr(0, 5) == "ecdsa") return 1;
  if (keyType == "ssh-rsa" || keyType.substr(0, 3) == "rsa") return 2;
  return -1;
}

std::string normalizePin(std::string_view pin) {
  while (!pin.empty() && (pin.front() == ' ' || pin.front() == '\t')) pin.remove_prefix(1);
  while (!pin.empty() && (pin.back() == ' ' || pin.back() == '\t' || pin.back() == '\n' || pin.back() == '=')) {
    pin.remove_suffix(1);
  }
  return std::string(pin);
}

struct SeenKey {
  std::string type;
  std::string fingerprint;
  std::string base64;  // the public key blob, as in known_hosts / authorized_keys
};

std::string describeSeen(const std::vector<SeenKey>& seen) {
  std::string s;
  for (const auto& k : seen) {
    if (!s.empty()) s += ", ";
    s += k.type + " " + k.fingerprint;
  }
  return s;
}

std::string sessionError(ssh_session s) {
  const char* e = ssh_get_error(s);
  return e && *e ? e : "unknown libssh error";
}

struct SessionFree {
  void operator()(ssh_session s) const {
    if (ssh_is_connected(s)) ssh_disconnect(s);
    ssh_free(s);
  }
};
using RawSession = std::unique_ptr<ssh_session_struct, SessionFree>;

RawSession connectOnce(const SshTarget& target, std::chrono::milliseconds timeout, const std::string& algorithms) {
  RawSession s(ssh_new());
  if (!s) throw GatewayError(ErrorKind::kExecFailed, "libssh: cannot allocate a session");
  const unsigned int port = static_cast<unsigned int>(target.port);
  long seconds = static_cast<long>(timeout.count() / 1000);
  long micros = static_cast<long>((timeout.count() % 1000) * 1000);
  if (seconds == 0 && micros == 0) micros = 1000;
  bool processConfig = false;
  int noDelay = 1;
  bool ok = ssh_options_set(s.get(), SSH_OPTIONS_HOST, target.address.c_str()) == SSH_OK &&
            ssh_options_set(s.get(), SSH_OPTIONS_PORT, &port) == SSH_OK &&
            ssh_options_set(s.get(), SSH_OPTIONS_USER, target.user.c_str()) == SSH_OK &&
            ssh_options_set(s.get(), SSH_OPTIONS_TIMEOUT, &seconds) == SSH_OK &&
            ssh_options_set(s.get(), SSH_OPTIONS_TIMEOUT_USEC, &micros) == SSH_OK &&
            ssh_options_set(s.get(), SSH_OPTIONS_PROCESS_CONFIG, &processConfig) == SSH_OK &&
            ssh_options_set(s.get(), SSH_OPTIONS_KNOWNHOSTS, "/dev/null") == SSH_OK &&
            ssh_options_set(s.get(), SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null") == SSH_OK &&
            ssh_options_set(s.get(), SSH_OPTIONS_NODELAY, &noDelay) == SSH_OK;
  if (ok && !algorithms.empty()) ok = ssh_options_set(s.get(), SSH_OPTIONS_HOSTKEYS, algorithms.c_str()) == SSH_OK;
  if (!ok) {
    throw GatewayError(ErrorKind::kExecFailed, "libssh: cannot set options for " + target.display() + ": " +
                                                   sessionError(s.get()));
  }
  if (ssh_connect(s.get()) != SSH_OK) {
    throw GatewayError(ErrorKind::kUnreachable, "cannot connect to " + target.display() + ": " + sessionError(s.get()));
  }
  return s;
}

SeenKey serverKey(ssh_session s, const SshTarget& target) {
  ssh_key raw = nullptr;
  if (ssh_get_server_publickey(s, &raw) != SSH_OK) {
    throw GatewayError(ErrorKind::kUnreachable, "no host key from " + target.display() + ": " + sessionError(s));
  }
  Key key(raw);
  unsigned char* hash = nullptr;
  size_t len = 0;
  if (ssh_get_publickey_hash(key.get(), SSH_PUBLICKEY_HASH_SHA256, &hash, &len) != SSH_OK) {
    throw GatewayError(ErrorKind::kExecFailed, "cannot hash the host key of " + target.display());
  }
  char* fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, len);
  ssh_clean_pubkey_hash(&hash);
  if (!fp) throw GatewayError(ErrorKind::kExecFailed, "cannot format the host key fingerprint of " + target.display());
  const char* type = ssh_key_type_to_char(ssh_key_type(key.get()));
  SeenKey seen{type ? type : "unknown", fp, {}};
  ssh_string_free_char(fp);
  char* b64 = nullptr;
  if (ssh_pki_export_pubkey_base64(key.get(), &b64) == SSH_OK && b64 != nullptr) {
    seen.base64 = b64;
    ssh_string_free_char(b64);
  }
  return seen;
}

// Password authentication: the "password" method, else keyboard-interactive answering every prompt that
// does not echo with the password (OpenSSH with PAM asks "Password:" that way). The password is handed to
// libssh only; nothing here copies it. Refusal -> kAuthFailed, without the password in the message.
void authenticateWithPassword(ssh_session s, const SshTarget& target, std::string_view password) {
  const std::string pw(password);  // NUL-terminated for libssh; wiped below
  struct Wipe {
    const std::string& text;
    ~Wipe() {
      volatile char* p = const_cast<volatile char*>(text.data());
      for (std::size_t i = 0; i < text.size(); ++i) p[i] = 0;
    }
  } wipe{pw};
  int rc = ssh_userauth_none(s, nullptr);
  if (rc == SSH_AUTH_SUCCESS) return;
  if (rc == SSH_AUTH_ERROR && !ssh_is_connected(s)) {
    throw GatewayError(ErrorKind::kUnreachable,
                       "connection to " + target.display() + " lost during authentication: " + sessionError(s));
  }
  const int methods = ssh_userauth_list(s, nullptr);
  if ((methods & SSH_AUTH_METHOD_PASSWORD) != 0) {
    rc = ssh_userauth_password(s, nullptr, pw.c_str());
    if (rc == SSH_AUTH_SUCCESS) return;
  }
  if ((methods & SSH_AUTH_METHOD_INTERACTIVE) != 0) {
    rc = ssh_userauth_kbdint(s, nullptr, nullptr);
    for (int round = 0; rc == SSH_AUTH_INFO && round < 4; ++round) {
      const int prompts = ssh_userauth_kbdint_getnprompts(s);
      for (int i = 0; i < prompts; ++i) {
        char echo = 0;
        ssh_userauth_kbdint_getprompt(s, static_cast<unsigned int>(i), &echo);
        ssh_userauth_kbdint_setanswer(s, static_cast<unsigned int>(i), echo ? "" : pw.c_str());
      }
      rc = ssh_userauth_kbdint(s, nullptr, nullptr);
    }
    if (rc == SSH_AUTH_SUCCESS) return;
  }
  if (rc == SSH_AUTH_ERROR && !ssh_is_connected(s)) {
    throw GatewayError(ErrorKind::kUnreachable,
                       "connection to " + target.display() + " lost during authentication: " + sessionError(s));
  }
  if ((methods & (SSH_AUTH_METHOD_PASSWORD | SSH_AUTH_METHOD_INTERACTIVE)) == 0) {
    throw GatewayError(ErrorKind::kAuthFailed,
                       "authentication as " + target.display() + " failed: the server accepts no password login");
  }
  throw GatewayError(ErrorKind::kAuthFailed,
                     "authentication as " + target.display() + " failed: the server refused the password");
}

void authenticate(ssh_session s, const SshTarget& target) {
  std::string why;
  if (!target.keyPath.empty()) {
    ssh_key raw = nullptr;
    if (ssh_pki_import_privkey_file(target.keyPath.c_str(), nullptr, nullptr, nullptr, &raw) != SSH_OK) {
      why = "private key " + target.keyPath + " cannot be loaded (missing, unreadable, or passphrase-protected)";
    } else {
      Key key(raw);
      const int rc = ssh_userauth_publickey(s, nullptr, key.get());
      if (rc == SSH_AUTH_SUCCESS) return;
      if (rc == SSH_AUTH_ERROR && !ssh_is_connected(s)) {
        throw GatewayError(ErrorKind::kUnreachable,
                           "connection to " + target.display() + " lost during authentication: " + sessionError(s));
      }
      why = "the server refused key " + target.keyPath;
    }
  } else {
    why = "no private key configured";
  }
  const char* agent = std::getenv("SSH_AUTH_SOCK");
  if (agent && *agent) {
    const int rc = ssh_userauth_agent(s, nullptr);
    if (rc == SSH_AUTH_SUCCESS) return;
    why += "; no ssh-agent key was accepted";
  } else {
    why += "; no ssh-agent (SSH_AUTH_SOCK unset)";
  }
  throw GatewayError(ErrorKind::kAuthFailed, "authentication as " + target.display() + " failed: " + why);
}

// What the channel callbacks collect.
struct ChannelState {
  std::string out;
  std::string err;
  bool eof = false;
  bool closed = false;
  std::optional<int> exitStatus;
  std::string exitSignal;
  std::size_t maxOutput = 0;
  bool overflow = false;
};

int onData(ssh_session, ssh_channel, void* data, uint32_t len, int isStderr, void* user) {
  auto* st = static_cast<ChannelState*>(user);
  std::string& sink = isStderr ? st->err : st->out;
  if (sink.size() + len > st->maxOutput) {
    st->overflow = true;
  } else {
    sink.append(static_cast<const char*>(data), len);
  }
  return static_cast<int>(len);
}
void onEof(ssh_session, ssh_channel, void* user) { static_cast<ChannelState*>(user)->eof = true; }
void onClose(ssh_session, ssh_channel, void* user) { static_cast<ChannelState*>(user)->closed = true; }
void onExitStatus(ssh_session, ssh_channel, int status, void* user) {
  static_cast<ChannelState*>(user)->exitStatus = status;
}
void onExitSignal(ssh_session, ssh_channel, const char* signal, int, const char*, const char*, void* user) {
  static_cast<ChannelState*>(user)->exitSignal = signal ? signal : "?";
}

int signalNumber(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, int>, 13> kSignals = {{
      {"ABRT", 6}, {"ALRM", 14}, {"FPE", 8}, {"HUP", 1}, {"ILL", 4}, {"INT", 2}, {"KILL", 9},
      {"PIPE", 13}, {"QUIT", 3}, {"SEGV", 11}, {"TERM", 15}, {"USR1", 10}, {"USR2", 12},
  }};
  for (const auto& [n, v] : kSignals) {
    if (n == name) return v;
  }
  return -1;
}

// The channel, its callbacks removed before it is freed (libssh keeps a locally freed channel until
// the server closes it and would otherwise call back into a dead ChannelState).
class ChannelGuard {
 public:
  ChannelGuard(ssh_channel channel, ssh_channel_callbacks callbacks) : channel_(channel), callbacks_(callbacks) {}
  ~ChannelGuard() {
    ssh_remove_channel_callbacks(channel_, callbacks_);
    if (ssh_channel_is_open(channel_)) ssh_channel_close(channel_);
    ssh_channel_free(channel_);
  }
  ChannelGuard(const ChannelGuard&) = delete;
  ChannelGuard& operator=(const ChannelGuard&) = delete;

 private:
  ssh_channel channel_;
  ssh_channel_callbacks callbacks_;
};

class EventGuard {
 public:
  explicit EventGuard(ssh_session s) : session_(s), event_(ssh_event_new()) {
    if (!event_ || ssh_event_add_session(event_, session_) != SSH_OK) {
      if (event_) ssh_event_free(event_);
      throw GatewayError(ErrorKind::kExecFailed, "libssh: cannot create an event loop");
    }
  }
  ~EventGuard() {
    ssh_event_remove_session(event_, session_);
    ssh_event_free(event_);
  }
  EventGuard(const EventGuard&) = delete;
  EventGuard& operator=(const EventGuard&) = delete;
  ssh_event get() const { return event_; }

 private:
  ssh_session session_;
  ssh_event event_;
};

}  // namespace

void SshSession::Closer::operator()(ssh_session_struct* s) const { SessionFree{}(s); }

SshSession::SshSession(Token, SshTarget target, Handle handle, std::string algorithms, std::string fingerprint,
                       SshHostKey hostKey)
    : target_(std::move(target)),
      handle_(std::move(handle)),
      hostKeyAlgorithms_(std::move(algorithms)),
      seenFingerprint_(std::move(fingerprint)),
      hostKey_(std::move(hostKey)) {}

SshSession::~SshSession() = default;

std::unique_ptr<SshSession> SshSession::open(const SshTarget& target, std::chrono::milliseconds connectTimeout,
                                             const std::string& hostKeyAlgorithms) {
  return openImpl(target, connectTimeout, hostKeyAlgorithms, nullptr);
}

std::unique_ptr<SshSession> SshSession::openWithPassword(const SshTarget& target, std::string_view password,
                                                         std::chrono::milliseconds connectTimeout) {
  return openImpl(target, connectTimeout, {}, &password);
}

std::optional<SshHostKey> SshSession::publicKeyOf(const std::string& privateKeyPath) {
  initLibssh();
  ssh_key raw = nullptr;
  if (ssh_pki_import_privkey_file(privateKeyPath.c_str(), nullptr, nullptr, nullptr, &raw) != SSH_OK) return std::nullopt;
  Key key(raw);
  unsigned char* hash = nullptr;
  size_t len = 0;
  if (ssh_get_publickey_hash(key.get(), SSH_PUBLICKEY_HASH_SHA256, &hash, &len) != SSH_OK) return std::nullopt;
  char* fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, len);
  ssh_clean_pubkey_hash(&hash);
  if (!fp) return std::nullopt;
  SshHostKey out;
  out.fingerprint = fp;
  ssh_string_free_char(fp);
  const char* type = ssh_key_type_to_char(ssh_key_type(key.get()));
  out.type = type ? type : "unknown";
  return out;
}

std::optional<std::string> SshSession::fingerprintOf(const std::string& type, const std::string& base64) {
  initLibssh();
  const auto keyType = ssh_key_type_from_name(type.c_str());
  if (keyType == SSH_KEYTYPE_UNKNOWN) return std::nullopt;
  ssh_key raw = nullptr;
  if (ssh_pki_import_pubkey_base64(base64.c_str(), keyType, &raw) != SSH_OK) return std::nullopt;
  Key key(raw);
  unsigned char* hash = nullptr;
  size_t len = 0;
  if (ssh_get_publickey_hash(key.get(), SSH_PUBLICKEY_HASH_SHA256, &hash, &len) != SSH_OK) return std::nullopt;
  char* fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, len);
  ssh_clean_pubkey_hash(&hash);
  if (!fp) return std::nullopt;
  std::string out = fp;
  ssh_string_free_char(fp);
  return out;
}

SshProbe SshSession::probe(const SshTarget& target, std::chrono::milliseconds connectTimeout) {
  initLibssh();
  target.validate();
  RawSession s = connectOnce(target, connectTimeout, {});
  const SeenKey seen = serverKey(s.get(), target);
  SshProbe result;
  result.hostKey = SshHostKey{seen.type, seen.fingerprint, seen.base64};
  const char* banner = ssh_get_serverbanner(s.get());
  result.banner = banner ? banner : "";
  return result;
}

std::unique_ptr<SshSession> SshSession::openImpl(const SshTarget& target, std::chrono::milliseconds connectTimeout,
                                                 const std::string& hostKeyAlgorithms,
                                                 const std::string_view* password) {
  initLibssh();
  target.validate();
  const std::string pin = normalizePin(target.hostKeyFingerprint);

  RawSession s = connectOnce(target, connectTimeout, hostKeyAlgorithms);
  std::vector<SeenKey> seen{serverKey(s.get(), target)};
  std::string algorithms = hostKeyAlgorithms;
  if (pin.empty()) {
    throw GatewayError(ErrorKind::kHostKeyUnknown,
                       "host key of " + target.display() + " is not pinned; the server presents " + describeSeen(seen) +
                           ". Refused: verify it out of band (ssh-keygen -lf on the host's key) and pin it");
  }
  if (seen.front().fingerprint != pin) {
    s.reset();
    for (std::size_t i = 0; i < kAlgorithmFamilies.size() && !s; ++i) {
      const bool tried = std::any_of(seen.begin(), seen.end(), [&](const SeenKey& k) {
        return familyOf(k.type) == static_cast<int>(i);
      });
      if (tried) continue;
      try {
        RawSession probe = connectOnce(target, connectTimeout, kAlgorithmFamilies[i]);
        seen.push_back(serverKey(probe.get(), target));
        if (seen.back().fingerprint == pin) {
          s = std::move(probe);
          algorithms = kAlgorithmFamilies[i];
        }
      } catch (const GatewayError&) {
        // The server holds no key of this type (or went away): nothing to compare.
      }
    }
    if (!s) {
      throw GatewayError(ErrorKind::kHostKeyMismatch,
                         "host key of " + target.display() + " does not match the pinned " + pin +
                             "; the server presents " + describeSeen(seen) +
                             ". Refused: if the host was reinstalled, verify its new key out of band and pin it")
          .withPresentedKey(seen.front().fingerprint);
    }
  }
  if (password != nullptr) {
    authenticateWithPassword(s.get(), target, *password);
  } else {
    authenticate(s.get(), target);
  }
  SshHostKey matched;
  for (const auto& k : seen) {
    if (k.fingerprint == pin) matched = SshHostKey{k.type, k.fingerprint, k.base64};
  }
  return std::make_unique<SshSession>(Token{}, target, Handle(s.release()), std::move(algorithms), pin,
                                      std::move(matched));
}

bool SshSession::connected() const { return handle_ && ssh_is_connected(handle_.get()) == 1; }

ExecResult SshSession::exec(const std::string& commandLine, std::chrono::milliseconds timeout, bool& sent,
                            std::size_t maxOutputBytes) {
  sent = false;
  ssh_session s = handle_.get();
  const auto deadline = Clock::now() + timeout;
  if (!connected()) {
    throw GatewayError(ErrorKind::kUnreachable, "connection to " + target_.display() + " is closed");
  }
  ssh_channel channel = ssh_channel_new(s);
  if (!channel) {
    throw GatewayError(ErrorKind::kExecFailed, "cannot create a channel to " + target_.display() + ": " + sessionError(s));
  }
  ChannelState state;
  state.maxOutput = maxOutputBytes;
  ssh_channel_callbacks_struct callbacks{};
  ssh_callbacks_init(&callbacks);
  callbacks.userdata = &state;
  callbacks.channel_data_function = onData;
  callbacks.channel_eof_function = onEof;
  callbacks.channel_close_function = onClose;
  callbacks.channel_exit_status_function = onExitStatus;
  callbacks.channel_exit_signal_function = onExitSignal;
  ssh_set_channel_callbacks(channel, &callbacks);
  ChannelGuard guard(channel, &callbacks);

  const auto lost = [&](const char* when) {
    return GatewayError(ErrorKind::kUnreachable,
                        "connection to " + target_.display() + " lost " + when + ": " + sessionError(s));
  };
  if (ssh_channel_open_session(channel) != SSH_OK) {
    if (!connected()) throw lost("before the command was sent");
    throw GatewayError(ErrorKind::kExecFailed,
                       target_.display() + " refused a session channel: " + sessionError(s));
  }
  sent = true;
  if (ssh_channel_request_exec(channel, commandLine.c_str()) != SSH_OK) {
    if (!connected()) throw lost("while sending the command (it may or may not have run)");
    throw GatewayError(ErrorKind::kExecFailed, target_.display() + " refused to run the command: " + sessionError(s));
  }

  EventGuard event(s);
  while (!state.closed && !(state.eof && (state.exitStatus || !state.exitSignal.empty()))) {
    const auto now = Clock::now();
    if (now >= deadline) {
      ssh_channel_request_send_signal(channel, "KILL");
      throw GatewayError(ErrorKind::kTimeout, "command on " + target_.display() + " did not finish within " +
                                                  std::to_string(timeout.count()) +
                                                  " ms; the remote process was sent SIGKILL and its channel closed");
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count() + 1;
    const int rc = ssh_event_dopoll(event.get(), static_cast<int>(std::min<long long>(left, 1000)));
    if (state.overflow) {
      ssh_channel_request_send_signal(channel, "KILL");
      throw GatewayError(ErrorKind::kExecFailed, "command on " + target_.display() + " wrote more than " +
                                                     std::to_string(maxOutputBytes) + " bytes; killed");
    }
    if (state.closed) break;
    if (rc == SSH_ERROR || !connected()) throw lost("while the command ran (it may or may not have completed)");
  }

  ExecResult result;
  result.out = std::move(state.out);
  result.err = std::move(state.err);
  if (state.exitStatus) {
    result.exitStatus = *state.exitStatus;
  } else if (!state.exitSignal.empty()) {
    const int sig = signalNumber(state.exitSignal);
    result.exitStatus = sig > 0 ? 128 + sig : -1;
  } else {
    result.exitStatus = -1;  // the server closed the channel without an exit status
  }
  return result;
}

}  // namespace georep::gluster
