// HttpServer: the engine's way in. Serves the command bus, the audit log and a health check over
// HTTP/1.1 or HTTPS (Boost.Beast and OpenSSL, kept out of this header):
//   POST /api/commands/<name>   JSON object body -> {"ok":true,"correlation_id":..,"result":..}
//                               or {"ok":false,"correlation_id":..,"error":{code,message,field?,details?}}
//                               with the HTTP status mapped from the typed error (400 404 409 503 502 500)
//   GET  /api/commands          the registered commands with their parameter schemas
//   GET  /api/events?since=<id>&limit=<n>&severity=<least>   audit-log events with id > since, oldest first
//   GET  /api/health            {"status":"ok"}
//   the REST route table (EngineRouteTable, RouteDispatcher), `?wait=false` jobs (JobLauncher)
// Replies are JSON, or XML when Accept prefers it (reply_format.h, reply_renderer.h; 406 for neither).
//   GET  /metrics               Prometheus text format of the registered collectors (any role; see
//                               engine/src/http/metrics_endpoint.h)
//   GET  /<anything else>       the web console's files (StaticFiles; no token), when a web root is set
// Every reply carries the security headers of security_headers.h (CSP, nosniff, no referrer).
// Asynchronous: a few I/O threads hold thousands of idle connections; request handling (which may block
// for minutes on gluster) runs on a bounded worker pool, never on an I/O thread. Every limit is enforced
// before work is done: connections in total and per client address (503 and close), the whole header
// within a short timeout (slowloris), header size (431), body size (413, decided from Content-Length
// before the body is read), body and keep-alive idle timeouts, JSON nesting depth (400, see
// json_nesting.h), bodies held in memory by all connections together (503), commands running or queued
// (503 with Retry-After). GET /api/health is answered on the
// I/O thread, so it answers while every worker is busy. Bad requests are logged rate-limited.
// With tlsCertificate and tlsPrivateKey set the server speaks only TLS 1.2+; binding any non-loopback
// address without TLS is refused at start(). POST requires Content-Type: application/json (a browser
// cannot send that cross-origin without a CORS preflight, which is never granted), and when bound to
// loopback the Host header must name a loopback host (no DNS rebinding).
// POST /api/auth/login {"user","password"} -> {"ok":true,..,"result":{"token","token_id","expires_at",
// "user","role"}}; 401 for wrong credentials, 429 + Retry-After while backing off. Every route but health
// and login needs `Authorization: Bearer <token>` (401 + WWW-Authenticate otherwise); commands run with
// the token's role (403 `forbidden` when too low). See HttpRouter.
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
class EngineRouteTable;
class JobStore;
class EngineMetricsRegistry;
namespace auth {
class Authenticator;
}

struct HttpOptions {
  std::string address = "127.0.0.1";          // IP address to bind; loopback unless configured otherwise
  std::uint16_t port = 8470;                  // 0 = an ephemeral port (see HttpServer::port())
  std::size_t maxBodyBytes = 1 << 20;         // larger request bodies get 413
  std::size_t maxConnections = 4096;          // open connections in total; beyond that 503 and close
  std::size_t readTimeoutSeconds = 30;        // keep-alive idle: a silent connection is closed after this
  std::size_t maxConnectionsPerAddress = 64;  // open connections from one client address; beyond: 503
  std::size_t maxHeaderBytes = 16 * 1024;     // request line + headers; larger get 431
  std::size_t headerTimeoutSeconds = 10;      // the whole header must arrive within this, from its first byte
  std::size_t bodyTimeoutSeconds = 30;        // the whole body must arrive within this, after the header
  std::size_t ioThreads = 2;                  // threads doing network I/O (never running commands)
  std::size_t maxCommandsInFlight = 8;        // requests handled at once (the engine sizes it to its DB pool)
  std::size_t maxQueuedRequests = 64;         // requests waiting for a worker; beyond: 503 + Retry-After
  std::size_t maxBufferedBodyBytes = 256u << 20;  // request bodies held by all connections at once; beyond: 503
  std::string tlsCertificate;                 // PEM certificate chain; with tlsPrivateKey, serve TLS only
  std::string tlsPrivateKey;                  // PEM private key
  std::string webRoot;                        // the built web console served at "/" (static_files.h); empty = none
  bool webRootOptional = false;               // true for the build-time default: a missing console only warns
};

class HttpServer {
 public:
  // authenticator: checks bearer tokens and logins (see HttpRouter); null = every request but health is 401.
  // jobs: where `?wait=false` requests are recorded; they run on the same bounded worker pool as requests
  // (full: 503). null = `?wait=false` gets 503.
  HttpServer(api::CommandBus& bus, AuditLog& auditLog, HttpOptions options = {},
             auth::Authenticator* authenticator = nullptr, const EngineRouteTable* routes = nullptr,
             JobStore* jobs = nullptr,
             const EngineMetricsRegistry* metrics = nullptr);  // GET /metrics when set
  ~HttpServer();  // stops
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds, listens and starts accepting. Throws std::runtime_error naming the address and port when
  // the address is invalid or cannot be bound, when a non-loopback address is configured without TLS,
  // or when the TLS certificate or key cannot be used; std::logic_error when already started.
  void start();
  // Stops accepting, closes idle connections, answers queued requests 503, waits for requests in
  // flight. Idempotent.
  void stop();
  // The bound port (the ephemeral one when HttpOptions::port was 0); 0 before start().
  std::uint16_t port() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace georep::engine
