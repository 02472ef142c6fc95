// TestHttpServer: a tiny HTTP/1.1 server on 127.0.0.1 (an ephemeral port) for tests of outgoing HTTP
// calls (the DR webhooks): it records each request (method, target, headers, body) and answers every one
// with the configured status, extra headers and body, optionally after a delay (to test timeouts).
// One request per connection (the client sends Connection: close). Plain POSIX sockets, one thread.
// Thread-safety: all public methods are safe to call from any thread while it serves.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace georep::testing {

class TestHttpServer {
 public:
  struct Request {
    std::string method;
    std::string target;
    std::string headers;  // raw header block
    std::string body;
  };

  TestHttpServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket");
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd_, 16) != 0) {
      ::close(fd_);
      throw std::runtime_error("bind/listen");
    }
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~TestHttpServer() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  int port() const { return port_; }
  std::string url(const std::string& path = "/hook") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  // What every later request is answered with.
  void respond(int status, std::string body = "{}", std::string extraHeaders = "",
               std::chrono::milliseconds delay = {}) {
    std::lock_guard lock(mutex_);
    status_ = status;
    body_ = std::move(body);
    extraHeaders_ = std::move(extraHeaders);
    delay_ = delay;
  }

  std::vector<Request> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void serve() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) continue;
      handle(c);
      ::close(c);
    }
  }

  void handle(int c) {
    std::string in;
    char buf[4096];
    std::size_t headerEnd = std::string::npos;
    std::size_t contentLength = 0;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < until) {
      pollfd p{c, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const auto n = ::recv(c, buf, sizeof buf, 0);
      if (n <= 0) break;
      in.append(buf, static_cast<std::size_t>(n));
      if (headerEnd == std::string::npos && (headerEnd = in.find("\r\n\r\n")) != std::string::npos) {
        std::string lower = in.substr(0, headerEnd);
        for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (const auto at = lower.find("content-length:"); at != std::string::npos) {
          contentLength = std::stoul(lower.substr(at + 15));
        }
      }
      if (headerEnd != std::string::npos && in.size() >= headerEnd + 4 + contentLength) break;
    }
    if (headerEnd == std::string::npos) return;
    Request r;
    const auto line = in.substr(0, in.find("\r\n"));
    r.method = line.substr(0, line.find(' '));
    r.target = line.substr(line.find(' ') + 1, line.rfind(' ') - line.find(' ') - 1);
    r.headers = in.substr(0, headerEnd);
    r.body = in.substr(headerEnd + 4, contentLength);
    int status = 0;
    std::string body, extra;
    std::chrono::milliseconds delay{};
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(r);
      status = status_;
      body = body_;
      extra = extraHeaders_;
      delay = delay_;
    }
    const auto wake = std::chrono::steady_clock::now() + delay;
    while (!stop_ && std::chrono::steady_clock::now() < wake) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const std::string out = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: application/json\r\n" + extra +
                            "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    ::send(c, out.data(), out.size(), MSG_NOSIGNAL);
  }

  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  mutable std::mutex mutex_;
  int status_ = 200;
  std::string body_ = "{}";
  std::string extraHeaders_;
  std::chrono::milliseconds delay_{};
  std::vector<Request> requests_;
};

}  // namespace georep::testing
