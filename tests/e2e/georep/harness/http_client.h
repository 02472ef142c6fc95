// A small blocking HTTP/1.1 client for the e2e tests: one connection per request to 127.0.0.1:<port>,
// "Connection: close", bodies by Content-Length, chunked or EOF. With a bearer token every request carries
// "Authorization: Bearer <token>" (the engine requires it on every route but /api/health and login). Independent of the engine's and the CLI's
// HTTP code on purpose: the tests must not share the code they check.
// Thread-safety: const methods; one object may be used from several threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace georep::testing::e2e {

struct HttpReply {
  int status = 0;
  std::string contentType;
  std::string body;
};

class HttpError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class HttpClient {
 public:
  HttpClient(std::string host, std::uint16_t port, std::chrono::milliseconds timeout, std::string bearerToken = "");

  // Throws HttpError when the server cannot be reached or does not answer HTTP within the timeout.
  HttpReply get(const std::string& target) const;
  HttpReply postJson(const std::string& target, const std::string& body) const;
  HttpReply postJson(const std::string& target, const std::string& body, std::chrono::milliseconds timeout) const;

 private:
  HttpReply exchange(const std::string& request, std::chrono::milliseconds timeout) const;
  std::string authorizationLine() const;  // "" or "Authorization: Bearer ...\r\n"

  std::string host_;
  std::uint16_t port_;
  std::chrono::milliseconds timeout_;
  std::string bearerToken_;
};

}  // namespace georep::testing::e2e
