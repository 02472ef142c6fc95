// HttpRouter: what the HTTP server answers, without any HTTP library in sight. It maps one request
// (method, target, a few headers, body) to a status and a JSON reply: command dispatch on the command
// bus, the command list with parameter schemas, audit-log events, health, login. Every failure becomes a typed
// error body {"ok":false,"correlation_id":..,"error":{code,message,field?,details?}}; handle() never
// throws.
// Identity: every route but GET /api/health and POST /api/auth/login needs `Authorization: Bearer
// <token>`, checked by an auth::Authenticator before anything else (401 `unauthenticated` with
// `WWW-Authenticate: Bearer` otherwise; with no authenticator every such request is 401). Commands run
// as the token's caller (CommandBus::dispatchAs), so the bus enforces each command's role (403).
// A rate-limited login gets 429 with Retry-After. GET /api/openapi.json (any role) is the OpenAPI document
// generated from the route table and the command schemas. Other /api paths go to the REST route table
// (RouteDispatcher); paths outside /api to the web console's files (StaticFiles), which need no token.
// Every reply is then rendered as the Accept header asks (JSON, or XML in the reply's element names;
// 406 before anything else when it accepts neither): renderReply.
// Thread-safety: handle() may be called concurrently; it holds no state of its own beyond references
// to the bus and the audit log, which are thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/command_bus.h"
#include "engine/api/command_error.h"
#include "engine/api/routes.h"

namespace georep::api {
class CommandBus;
}

namespace georep::engine {

class AuditLog;
class EngineRouteTable;
class JobLauncher;
class EngineMetricsRegistry;
class RouteDispatcher;
class StaticFiles;
namespace auth {
class Authenticator;
}

struct HttpRequestView {
  std::string_view method;       // "GET", "POST", ...
  std::string_view target;       // "/api/events?since=3"
  std::string_view contentType;  // empty when absent
  std::string_view host;         // the Host header; empty when absent
  std::string_view body;
  std::string_view authorization;  // the Authorization header; empty when absent
  std::string_view remoteAddress;  // the client's IP address as text (for per-address limits, audit)
  std::string_view ifNoneMatch;    // the If-None-Match header; empty when absent
  std::string_view accept;         // the Accept header; empty when absent (JSON)
};

struct HttpReply {
  unsigned status = 200;
  nlohmann::json body;
  std::string allow;  // for 405: the methods allowed on the route
  std::vector<std::pair<std::string, std::string>> headers;  // extra response headers (WWW-Authenticate, Retry-After, ...)
  bool noBody = false;  // 304: the reply has no body at all
  bool tagged = false;  // a resource read (200 GET): gets a strong ETag of its rendered bytes, If-None-Match -> 304
  api::XmlNaming xml{};  // the element names of the body when it is rendered as XML
  // The rendered body and its media type (renderReply; a web console file or /metrics sets them itself):
  // with contentType set, `text` is sent as is; empty contentType = `body` is sent as JSON.
  std::string text{};
  std::string contentType{};
  bool headOnly = false;  // HEAD: the headers of `text` (its Content-Length), without the bytes
};

// The HTTP status for a typed command error.
unsigned httpStatusFor(api::ErrorCode code);

// True for "localhost", "127.0.0.0/8" and "::1" (a Host header value, with or without port).
bool isLoopbackHostHeader(std::string_view host);

class HttpRouter {
 public:
  static constexpr std::size_t kDefaultEventLimit = 100;
  static constexpr std::size_t kMaxEventLimit = 1000;

  // requireLoopbackHost: refuse requests whose Host header does not name a loopback host.
  // authenticator: checks tokens and logins; null = every request but health is refused (401).
  // routes: the REST route table (engine/api/routes.h) served after the fixed endpoints; null = none.
  // jobs: runs `?wait=false` requests of the routes that allow it; null = such requests get 503.
  // metrics: served on GET /metrics (Prometheus text, any authenticated role); null = no such endpoint.
  // staticFiles: the web console, served without a token for every path outside /api; null = none (404).
  HttpRouter(api::CommandBus& bus, AuditLog& auditLog, bool requireLoopbackHost,
             auth::Authenticator* authenticator = nullptr, const EngineRouteTable* routes = nullptr,
             const JobLauncher* jobs = nullptr, const EngineMetricsRegistry* metrics = nullptr,
             const StaticFiles* staticFiles = nullptr);
  ~HttpRouter();

  // The reply, rendered as the Accept header asks (JSON or XML; 406 when it accepts neither).
  HttpReply handle(const HttpRequestView& request) const;

 private:
  HttpReply route(const HttpRequestView& request) const;
  HttpReply login(const HttpRequestView& request) const;
  api::Caller authenticate(const HttpRequestView& request) const;
  HttpReply postCommand(std::string_view name, const api::Caller& caller, const HttpRequestView& request) const;
  HttpReply listCommands() const;
  HttpReply listEvents(std::string_view query) const;
  HttpReply openApi() const;
  // GET /metrics is this router's (it has a registry): Prometheus text, a media type of its own (Accept is
  // not negotiated), routed before the REST resources.
  bool servesMetrics(std::string_view path) const;

  api::CommandBus& bus_;
  AuditLog& auditLog_;
  bool requireLoopbackHost_;
  auth::Authenticator* authenticator_;
  const EngineRouteTable* routes_;              // null without a route table
  std::unique_ptr<RouteDispatcher> resources_;  // null without a route table
  const EngineMetricsRegistry* metrics_;
  const StaticFiles* staticFiles_;               // null without a web console
};

}  // namespace georep::engine
