// HttpServer: the engine's way in. Serves the command bus, the audit log and a health check over
// HTTP/1.1 (Boost.Beast, kept out of this header), bound to loopback by default:
//   POST /api/commands/<name>   JSON object body -> {"ok":true,"correlation_id":..,"result":..}
//                               or {"ok":false,"correlation_id":..,"error":{code,message,field?,details?}}
//                               with the HTTP status mapped from the typed error (400 404 409 503 502 500)
//   GET  /api/commands          the registered commands with their parameter schemas
//   GET  /api/events?since=<id>&limit=<n>   audit-log events with id > since, oldest first
//   GET  /api/health            {"status":"ok"}
//   POST /api/auth/login        {"user","password"} -> {"ok":true,..,"result":{"token","token_id","expires_at",
//                               "user","role"}}; 401 for wrong credentials, 429 + Retry-After while backing off
// Every route but health and login needs `Authorization: Bearer <token>` (401 + WWW-Authenticate
// otherwise); commands run with the token's role (403 `forbidden` when too low). See HttpRouter.
// Requests are read with a body limit and timeouts; a bad request gets a typed error reply, never a
// crash. Each connection is served by its own thread (commands may run for minutes), up to
// HttpOptions::maxConnections at once; beyond that new connections get 503.
// POST requires Content-Type: application/json (a browser cannot send that cross-origin without a
// CORS preflight, which is never granted), and when bound to loopback the Host header must name a
// loopback host (no DNS rebinding).
// Thread-safety: start() and stop() are called from one owning thread; port() from any thread after
// start(). stop() waits for commands in flight to finish; the bus and the audit log must outlive the
// server.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace georep::api {
class CommandBus;
}

namespace georep::engine {

class AuditLog;
namespace auth {
class Authenticator;
}

struct HttpOptions {
  std::string address = "127.0.0.1";     // IP address to bind; loopback unless configured otherwise
  std::uint16_t port = 8470;             // 0 = an ephemeral port (see HttpServer::port())
  std::size_t maxBodyBytes = 1 << 20;    // larger request bodies get 413
  std::size_t maxConnections = 64;       // concurrent connections; beyond that 503
  std::size_t readTimeoutSeconds = 30;   // to receive one whole request (and keep-alive idle time)
};

class HttpServer {
 public:
  // authenticator: checks bearer tokens and logins (see HttpRouter); null = every request but health is 401.
  HttpServer(api::CommandBus& bus, AuditLog& auditLog, HttpOptions options = {},
             auth::Authenticator* authenticator = nullptr);
  ~HttpServer();  // stops
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds, listens and starts accepting. Throws std::runtime_error naming the address and port when
  // the address is invalid or cannot be bound, or std::logic_error when already started.
  void start();
  // Stops accepting, closes idle connections, waits for requests in flight. Idempotent.
  void stop();
  // The bound port (the ephemeral one when HttpOptions::port was 0); 0 before start().
  std::uint16_t port() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace georep::engine
