// postWebhook: one HTTP or HTTPS POST of a JSON body to a DR hook's URL (Boost.Beast over Boost.Asio, TLS
// by the system's OpenSSL). Bounded in every way an answer can hurt the engine: the whole exchange
// (resolve, connect, TLS handshake, send, answer) within `timeout`; redirects are never followed (a 3xx
// is returned as the status, so a hook cannot bounce the engine to another address); at most
// maxResponseBytes of answer are read (header and body). HTTPS verifies the peer's certificate chain
// against the system's trust store (or caFile) and the URL's host name (SNI sent). The URL is the one an
// admin stored (commands/dr_hooks.h validated it). Throws WebhookError with a message that names the
// step (never the body sent).
// Thread-safety: reentrant; each call has its own io_context.
#pragma once

#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>

namespace georep::dr {

class WebhookError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct WebhookOptions {
  std::string caFile;                          // PEM bundle to trust instead of the system's (tests)
  std::size_t maxResponseBytes = 64 * 1024;
};

struct WebhookReply {
  unsigned status = 0;
  std::string body;  // at most maxResponseBytes
};

// The parts of an http(s) URL; throws WebhookError when it is not one.
struct WebhookUrl {
  bool tls = false;
  std::string host;  // without brackets for IPv6
  std::string port;
  std::string target;  // path and query, "/" when empty; never the fragment

  static WebhookUrl parse(const std::string& url);
};

WebhookReply postWebhook(const std::string& url, const std::string& jsonBody, std::chrono::milliseconds timeout,
                         const WebhookOptions& options = {});

}  // namespace georep::dr
