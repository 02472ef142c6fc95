// Test-only HTTP helpers for the engine's HttpServer: a Beast request with full control over method,
// target, headers and body, and a raw-socket exchange for requests no well-behaved client would send.
// Thread-safety: free functions; each call uses its own connection.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

namespace georep::testing {

struct HttpTestReply {
  unsigned status = 0;
  nlohmann::json body;  // discarded when the body is not JSON
  std::string rawBody;
  std::map<std::string, std::string> headers;
};

struct HttpTestRequest {
  std::string method = "GET";
  std::string target = "/api/health";
  std::optional<std::string> body;
  std::string contentType = "application/json";
  std::optional<std::string> host;  // default "127.0.0.1:<port>"
  std::optional<std::string> authorization;  // the Authorization header, e.g. "Bearer grt_..."
  std::vector<std::pair<std::string, std::string>> headers;  // more request headers (If-None-Match, ...)
};

inline HttpTestReply httpRequest(std::uint16_t port, const HttpTestRequest& r) {
  namespace beast = boost::beast;
  namespace http = beast::http;
  namespace net = boost::asio;
  net::io_context ioc;
  net::ip::tcp::socket socket(ioc);
  socket.connect({net::ip::make_address("127.0.0.1"), port});
  http::request<http::string_body> req{http::string_to_verb(r.method), r.target, 11};
  req.set(http::field::host, r.host.value_or("127.0.0.1:" + std::to_string(port)));
  if (r.authorization) req.set(http::field::authorization, *r.authorization);
  for (const auto& [name, value] : r.headers) req.set(name, value);
  if (r.body) {
    req.set(http::field::content_type, r.contentType);
    req.body() = *r.body;
  }
  req.keep_alive(false);
  req.prepare_payload();
  http::write(socket, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(socket, buffer, res);
  HttpTestReply reply;
  reply.status = res.result_int();
  reply.rawBody = res.body();
  reply.body = nlohmann::json::parse(res.body(), nullptr, false);
  for (const auto& field : res) reply.headers[std::string(field.name_string())] = std::string(field.value());
  return reply;
}

inline HttpTestReply httpPost(std::uint16_t port, const std::string& command, const nlohmann::json& params) {
  HttpTestRequest r;
  r.method = "POST";
  r.target = "/api/commands/" + command;
  r.body = params.dump();
  return httpRequest(port, r);
}

inline HttpTestReply httpGet(std::uint16_t port, const std::string& target) {
  HttpTestRequest r;
  r.target = target;
  return httpRequest(port, r);
}

// A connected loopback TCP socket (POSIX fd, closed by the destructor) with a receive timeout.
class RawConnection {
 public:
  // source: the local IPv4 address to connect from (e.g. "127.0.0.2"), empty for the default.
  explicit RawConnection(std::uint16_t port, std::chrono::milliseconds recvTimeout = std::chrono::seconds(5),
                         const std::string& source = {}) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{};
    tv.tv_sec = static_cast<long>(recvTimeout.count() / 1000);
    tv.tv_usec = static_cast<long>((recvTimeout.count() % 1000) * 1000);
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (!source.empty()) {
      sockaddr_in local{};
      local.sin_family = AF_INET;
      ::inet_pton(AF_INET, source.c_str(), &local.sin_addr);
      if (::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) return;
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawConnection() { ::close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return connected_; }
  int fd() const { return fd_; }
  void send(const std::string& bytes) { (void)!::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL); }
  // Sends what it can; the bytes sent before the peer closed or the send timeout passed.
  std::size_t sendSome(const std::string& bytes) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    return n > 0 ? static_cast<std::size_t>(n) : 0;
  }

  // Everything received until the peer closes (or the receive timeout; then timedOut() is true).
  std::string readAll() {
    std::string out;
    char buf[4096];
    for (;;) {
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n > 0) {
        out.append(buf, static_cast<std::size_t>(n));
        continue;
      }
      timedOut_ = n < 0;
      return out;
    }
  }
  bool timedOut() const { return timedOut_; }

 private:
  int fd_ = -1;
  bool connected_ = false;
  bool timedOut_ = false;
};

}  // namespace georep::testing
