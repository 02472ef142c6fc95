#include "gluster/ssh_target.h"

#include "engine/api/inventory.h"
#include "gluster/input_validation.h"

namespace georep::gluster {

SshTarget SshTarget::fromHost(const api::Host& host) {
  SshTarget target{host.address, host.sshPort, host.sshUser, host.sshKeyPath, host.hostKeyFingerprint};
  target.validate();
  return target;
}

void SshTarget::validate() const {
  validateHostName(address, "address");
  validatePort(port, "ssh_port");
  validateUserName(user, "ssh_user");
}

std::string SshTarget::identity() const {
  std::string id;
  for (const std::string* part : {&address, &user, &keyPath, &hostKeyFingerprint}) {
    id += std::to_string(part->size());
    id += ':';
    id += *part;
  }
  id += '#';
  id += std::to_string(port);
  return id;
}

std::string SshTarget::display() const {
  const bool ipv6 = address.find(':') != std::string::npos;
  return user + "@" + (ipv6 ? "[" + address + "]" : address) + ":" + std::to_string(port);
}

}  // namespace georep::gluster
