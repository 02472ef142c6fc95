// HttpClient: georepctl's blocking HTTP/1.1 client to georep-engine (Boost.Beast, kept out of this
// header). One connection per request; an optional overall timeout per request (0 = wait as long as
// the command takes: commands may run for minutes).
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
};

class HttpClient {
 public:
  explicit HttpClient(ServerUrl url, std::chrono::milliseconds timeout = std::chrono::milliseconds(0));

  // target is the path under the URL prefix, e.g. "/api/health". Throws TransportError.
  HttpResponse get(const std::string& target) const;
  HttpResponse postJson(const std::string& target, const std::string& body) const;

  const ServerUrl& url() const { return url_; }

 private:
  HttpResponse request(const std::string& method, const std::string& target, const std::string* body) const;

  ServerUrl url_;
  std::chrono::milliseconds timeout_;
};

}  // namespace georep::cli
