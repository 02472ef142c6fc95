#include "scripted_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace georep::cli::testing {
namespace {

// The whole request: headers, then Content-Length bytes of body.
std::string readRequest(int fd) {
  std::string raw;
  char buf[4096];
  while (true) {
    const auto headerEnd = raw.find("\r\n\r\n");
    if (headerEnd != std::string::npos) {
      std::size_t length = 0;
      std::string lower = raw.substr(0, headerEnd);
      for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      const auto at = lower.find("content-length:");
      if (at != std::string::npos) length = std::stoul(lower.substr(at + 15));
      if (raw.size() >= headerEnd + 4 + length) return raw;
    }
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 10000) <= 0) return raw;
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return raw;
    raw.append(buf, static_cast<std::size_t>(n));
  }
}

}  // namespace

ScriptedHttpServer::ScriptedHttpServer(std::vector<ScriptedReply> script) : script_(std::move(script)) {
  listenFd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (listenFd_ < 0 || ::bind(listenFd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listenFd_, 16) != 0 || ::getsockname(listenFd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    throw std::runtime_error("ScriptedHttpServer: cannot listen on loopback");
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { serve(); });
}

ScriptedHttpServer::~ScriptedHttpServer() {
  ::shutdown(listenFd_, SHUT_RDWR);
  ::close(listenFd_);
  thread_.join();
}

std::vector<std::string> ScriptedHttpServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

void ScriptedHttpServer::serve() {
  for (const ScriptedReply& reply : script_) {
    const int fd = ::accept4(listenFd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) return;
    const std::string request = readRequest(fd);
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(request);
    }
    std::string out = "HTTP/1.1 " + std::to_string(reply.status) + " Scripted\r\nContent-Type: application/json\r\n";
    for (const auto& h : reply.headers) out += h + "\r\n";
    out += "Content-Length: " + std::to_string(reply.body.size()) + "\r\nConnection: close\r\n\r\n" + reply.body;
    ::send(fd, out.data(), out.size(), MSG_NOSIGNAL);
    ::shutdown(fd, SHUT_WR);
    char drain[256];
    while (::recv(fd, drain, sizeof drain, 0) > 0) {
    }
    ::close(fd);
  }
}

}  // namespace georep::cli::testing
