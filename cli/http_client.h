// HttpClient: georepctl's blocking HTTP/1.1 client to georep-engine (Boost.Beast, kept out of this
// header). One connection per request; an optional overall timeout per request (0 = wait as long as
// the command takes: commands may run for minutes). With a bearer token every request carries
// `Authorization: Bearer <token>`; the token never appears in an error message.
// Thread-safety: one request at a time per object.
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>

#include "cli/server_url.h"

namespace georep::cli {

// The engine could not be reached or did not answer with HTTP (connection refused, timeout, ...).
class TransportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct HttpResponse {
  unsigned status = 0;
  std::string body;
  std::string retryAfter;  // the Retry-After header (429, 503), "" when absent
};

class HttpClient {
 public:
  explicit HttpClient(ServerUrl url, std::chrono::milliseconds timeout = std::chrono::milliseconds(0));

  // target is the path under the URL prefix, e.g. "/api/health". Throws TransportError.
  HttpResponse get(const std::string& target) const;
  HttpResponse postJson(const std::string& target, const std::string& body) const;

  const ServerUrl& url() const { return url_; }
  void setBearerToken(std::string token) { bearerToken_ = std::move(token); }
  bool hasBearerToken() const { return !bearerToken_.empty(); }

 private:
  HttpResponse request(const std::string& method, const std::string& target, const std::string* body) const;

  ServerUrl url_;
  std::chrono::milliseconds timeout_;
  std::string bearerToken_;
};

}  // namespace georep::cli
