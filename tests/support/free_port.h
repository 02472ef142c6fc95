// freeLoopbackPort: a TCP port on 127.0.0.1 that nobody listens on right now (bound to port 0, read back,
// released), for test servers and for "connection refused" cases. Another process may take it before the
// caller does; tests use it at once.
// Thread-safety: a free function; safe to call from any thread.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <stdexcept>

namespace georep::testing {

inline std::uint16_t freeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot bind an ephemeral loopback port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace georep::testing
