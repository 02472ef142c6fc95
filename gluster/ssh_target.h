// SshTarget: where and how to reach one Gluster host over SSH (address, port, user, private key,
// pinned host-key fingerprint), taken from the engine's inventory and validated.
// Thread-safety: plain value.
#pragma once

#include <string>

namespace georep::api {
struct Host;
}

namespace georep::gluster {

struct SshTarget {
  std::string address;             // DNS name, IPv4 or IPv6 address
  int port = 22;
  std::string user = "root";
  std::string keyPath;             // private key file; empty = ssh-agent only
  std::string hostKeyFingerprint;  // "SHA256:<base64 without padding>", as `ssh-keygen -lf` prints it

  // Validates address (field "address"), port ("ssh_port") and user ("ssh_user"): kInvalidInput.
  static SshTarget fromHost(const api::Host& host);
  void validate() const;

  // Every connection parameter: two targets with the same identity may share sessions.
  std::string identity() const;
  // "user@address:port" for messages.
  std::string display() const;
};

}  // namespace georep::gluster
