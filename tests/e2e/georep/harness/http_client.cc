#include "harness/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace georep::testing::e2e {
namespace {

class Socket {
 public:
  Socket() : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)) {
    if (fd_ < 0) throw HttpError(std::string("socket: ") + std::strerror(errno));
  }
  ~Socket() { ::close(fd_); }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

int millisLeft(std::chrono::steady_clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

void waitFor(int fd, short events, std::chrono::steady_clock::time_point deadline, const char* what) {
  while (true) {
    pollfd p{fd, events, 0};
    const int left = millisLeft(deadline);
    if (left == 0) throw HttpError(std::string("timed out ") + what);
    const int n = ::poll(&p, 1, left);
    if (n > 0) return;
    if (n < 0 && errno != EINTR) throw HttpError(std::string("poll: ") + std::strerror(errno));
  }
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string dechunk(const std::string& raw) {
  std::string out;
  std::size_t pos = 0;
  while (pos < raw.size()) {
    const auto eol = raw.find("\r\n", pos);
    if (eol == std::string::npos) throw HttpError("bad chunked body");
    const std::size_t size = std::stoul(raw.substr(pos, eol - pos), nullptr, 16);
    if (size == 0) break;
    if (eol + 2 + size > raw.size()) throw HttpError("truncated chunked body");
    out.append(raw, eol + 2, size);
    pos = eol + 2 + size + 2;
  }
  return out;
}

}  // namespace

HttpClient::HttpClient(std::string host, std::uint16_t port, std::chrono::milliseconds timeout, std::string bearerToken)
    : host_(std::move(host)), port_(port), timeout_(timeout), bearerToken_(std::move(bearerToken)) {}

std::string HttpClient::authorizationLine() const {
  return bearerToken_.empty() ? "" : "Authorization: Bearer " + bearerToken_ + "\r\n";
}

HttpReply HttpClient::get(const std::string& target) const {
  return exchange("GET " + target + " HTTP/1.1\r\nHost: " + host_ + ":" + std::to_string(port_) +
                      "\r\nAccept: application/json\r\n" + authorizationLine() + "Connection: close\r\n\r\n",
                  timeout_);
}

HttpReply HttpClient::postJson(const std::string& target, const std::string& body) const {
  return postJson(target, body, timeout_);
}

HttpReply HttpClient::postJson(const std::string& target, const std::string& body,
                               std::chrono::milliseconds timeout) const {
  return exchange("POST " + target + " HTTP/1.1\r\nHost: " + host_ + ":" + std::to_string(port_) +
                      "\r\nContent-Type: application/json\r\nAccept: application/json\r\n" + authorizationLine() +
                      "Content-Length: " +
                      std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body,
                  timeout);
}

HttpReply HttpClient::exchange(const std::string& request, std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  Socket sock;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port_);
  if (::inet_pton(AF_INET, host_.c_str(), &addr.sin_addr) != 1) throw HttpError("not an IPv4 address: " + host_);
  if (::connect(sock.fd(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    if (errno != EINPROGRESS) throw HttpError("connect " + host_ + ":" + std::to_string(port_) + ": " + std::strerror(errno));
    waitFor(sock.fd(), POLLOUT, deadline, "connecting");
    int err = 0;
    socklen_t len = sizeof err;
    ::getsockopt(sock.fd(), SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) throw HttpError("connect " + host_ + ":" + std::to_string(port_) + ": " + std::strerror(err));
  }
  std::size_t sent = 0;
  while (sent < request.size()) {
    waitFor(sock.fd(), POLLOUT, deadline, "sending");
    const ssize_t n = ::send(sock.fd(), request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno != EAGAIN && errno != EINTR) throw HttpError(std::string("send: ") + std::strerror(errno));
    if (n > 0) sent += static_cast<std::size_t>(n);
  }
  std::string raw;
  char buf[16384];
  std::size_t headerEnd = std::string::npos;
  std::size_t contentLength = std::string::npos;
  bool chunked = false;
  HttpReply reply;
  while (true) {
    if (headerEnd != std::string::npos && contentLength != std::string::npos &&
        raw.size() >= headerEnd + 4 + contentLength)
      break;
    if (headerEnd != std::string::npos && chunked && raw.find("\r\n0\r\n\r\n", headerEnd) != std::string::npos) break;
    waitFor(sock.fd(), POLLIN, deadline, "waiting for the reply");
    const ssize_t n = ::recv(sock.fd(), buf, sizeof buf, 0);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      throw HttpError(std::string("recv: ") + std::strerror(errno));
    }
    raw.append(buf, static_cast<std::size_t>(n));
    if (headerEnd == std::string::npos) {
      headerEnd = raw.find("\r\n\r\n");
      if (headerEnd != std::string::npos) {
        const std::string head = raw.substr(0, headerEnd);
        if (head.rfind("HTTP/1.", 0) != 0 || head.size() < 12) throw HttpError("not an HTTP reply: " + head.substr(0, 80));
        reply.status = std::stoi(head.substr(9, 3));
        std::size_t lineStart = head.find("\r\n");
        while (lineStart != std::string::npos) {
          const std::size_t next = head.find("\r\n", lineStart + 2);
          const std::string line = head.substr(lineStart + 2, next == std::string::npos ? std::string::npos : next - lineStart - 2);
          const auto colon = line.find(':');
          if (colon != std::string::npos) {
            const std::string name = lower(line.substr(0, colon));
            std::string value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') value.erase(0, 1);
            if (name == "content-length") contentLength = std::stoul(value);
            if (name == "transfer-encoding" && lower(value).find("chunked") != std::string::npos) chunked = true;
            if (name == "content-type") reply.contentType = value;
          }
          lineStart = next;
        }
      }
    }
  }
  if (headerEnd == std::string::npos) throw HttpError("connection closed before a complete HTTP header");
  std::string body = raw.substr(headerEnd + 4);
  if (chunked) body = dechunk(body);
  else if (contentLength != std::string::npos) {
    if (body.size() < contentLength) throw HttpError("connection closed in the middle of the body");
    body.resize(contentLength);
  }
  reply.body = std::move(body);
  return reply;
}

}  // namespace georep::testing::e2e
