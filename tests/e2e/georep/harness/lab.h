// Lab: the e2e tests' handle on scripts/lab (a real GlusterFS on this machine) and on the gluster CLI
// used "behind the engine's back". up() brings the lab up and reads its facts (`scripts/lab env`);
// a machine that cannot run GlusterFS (not root, no /dev/fuse, glusterd does not start) is reported by
// cannotRunReason(), so the suite can skip loudly instead of passing.
// FuseMount mounts a lab volume for the length of a scope.
// Thread-safety: plain functions and values; FuseMount belongs to one thread.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness/process.h"

namespace georep::testing::e2e {

struct LabFacts {
  std::string host;                 // brick host and ssh address (the machine's hostname)
  int sshPort = 0;
  std::string sshUser;
  std::string sshKeyPath;
  std::string hostKeyFingerprint;   // SHA256:... of the lab sshd
  std::filesystem::path labDir;
  std::string primary;
  std::vector<std::string> secondaries;
  // The session's rsync_options this machine's rsync needs (rsync >= 3.5: "--remote-option=--insecure-links",
  // see scripts/lab); empty when none.
  std::string rsyncOptions;
};

class Lab {
 public:
  // Why GlusterFS cannot run on this machine, or nothing when it can (checked before `up`).
  static std::optional<std::string> cannotRunReason();

  // scripts/lab up, then scripts/lab env. Sets *skipReason (and returns nothing) when the lab script
  // says the machine cannot run GlusterFS (exit 77); throws std::runtime_error on any other failure.
  static std::optional<LabFacts> up(std::string* skipReason);
  // scripts/lab reset: no sessions on the lab volumes, empty secondaries. Throws on failure.
  static void reset();

  static std::filesystem::path script();

  // Waits until glusterd's push-pem hook of a `create ... push-pem` to `secondaryVolume` has finished: its
  // last step sets features.read-only on the secondary. Read from glusterd's store file, not through
  // glusterd: on GlusterFS 10.3, other glusterd operations issued while that hook still runs can wedge
  // glusterd until the hook's own CLI calls time out (3 x 120 s, seen here). Returns false on timeout.
  static bool waitForPushPemHook(const std::string& secondaryVolume, std::chrono::milliseconds timeout);

  // `gluster --mode=script --xml -- <args>` on this machine (the CLI the engine reaches over ssh); the
  // "--" keeps values such as "--remote-option=..." from being taken as the CLI's own options.
  static RunResult gluster(const std::vector<std::string>& args,
                           std::chrono::milliseconds timeout = std::chrono::seconds(120));
  // `gluster --mode=script <args>` without --xml (human-readable, for failure messages).
  static RunResult glusterText(const std::vector<std::string>& args,
                               std::chrono::milliseconds timeout = std::chrono::seconds(60));
};

class FuseMount {
 public:
  // Mounts HOST:/volume on a new directory under the lab's mnt/ (mount -t glusterfs). Throws on failure.
  FuseMount(const LabFacts& lab, const std::string& volume);
  ~FuseMount();
  FuseMount(const FuseMount&) = delete;
  FuseMount& operator=(const FuseMount&) = delete;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

}  // namespace georep::testing::e2e
