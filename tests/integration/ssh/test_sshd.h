// TestSshd: a real OpenSSH server on 127.0.0.1 for transport tests and benchmarks, started from a
// private temporary directory with its own host keys (ed25519 and ecdsa), an authorized user key for
// the current user, an unauthorized one, and its own sshd_config (key-only, StrictModes no, UsePAM no,
// PidFile in the directory). stop() kills the listener AND its per-connection processes, so that
// established client sessions really drop; start() brings it back on the same port.
// Thread-safety: none; owned by one test.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "gluster/ssh_target.h"

namespace georep::testing {

class TestSshd {
 public:
  TestSshd();  // creates keys and config, picks a free port, starts sshd
  // The same with extra sshd_config lines first (sshd keeps an option's first value, so they override the
  // defaults); "%DIR%" in them stands for dir().
  explicit TestSshd(const std::string& extraConfig);
  ~TestSshd();
  TestSshd(const TestSshd&) = delete;
  TestSshd& operator=(const TestSshd&) = delete;

  void start();
  void stop();
  bool running() const { return pid_ > 0; }

  int port() const { return port_; }
  const std::filesystem::path& dir() const { return dir_; }
  std::string user() const { return user_; }
  std::string userKey() const { return (dir_ / "user_key").string(); }
  std::string otherKey() const { return (dir_ / "other_key").string(); }
  std::string ed25519Fingerprint() const { return ed25519Fingerprint_; }
  std::string ecdsaFingerprint() const { return ecdsaFingerprint_; }
  std::string otherKeyFingerprint() const { return otherKeyFingerprint_; }

  // 127.0.0.1:port, current user, the authorized key, the ed25519 host key pinned.
  gluster::SshTarget target() const;

 private:
  std::filesystem::path dir_;
  std::string user_;
  int port_ = 0;
  pid_t pid_ = -1;
  std::string ed25519Fingerprint_;
  std::string ecdsaFingerprint_;
  std::string otherKeyFingerprint_;
};

// Pids of live (non-zombie) processes whose command line contains `marker`.
std::vector<int> processesWithMarker(const std::string& marker);

// Splits NUL-terminated fields (argv_echo output).
std::vector<std::string> splitNul(const std::string& out);

}  // namespace georep::testing
