// RouteDispatcher: serves the REST route table (engine/api/routes.h). For a request whose path matches a
// registered template it maps path variables, query parameters and body fields to the route's command
// parameters, checks the route's scope (the session in the path really lies under the path's cluster and
// volume, else 404), dispatches the command with CommandBus::dispatchAs (roles, validation, audit and
// correlation ids stay in the bus) and returns the outcome: the resource as the body with the route's XML
// names, the command's correlation id in X-Correlation-Id, Location on create, a 200 GET marked for its
// ETag (renderReply). Failures keep the typed error body. On a route that allows it, `?wait=false` runs the
// command as a job instead (JobLauncher: 202 + Location: /api/jobs/{id}), after the scope check.
// Thread-safety: handle() may be called concurrently; it reads an immutable snapshot of the routes.
#pragma once

#include <optional>
#include <string_view>

#include "engine/api/command_bus.h"
#include "engine/src/http/engine_route_table.h"
#include "engine/src/http/http_router.h"

namespace georep::engine {

class JobLauncher;

class RouteDispatcher {
 public:
  // jobs: runs `?wait=false` requests; null = they get 503.
  RouteDispatcher(api::CommandBus& bus, const EngineRouteTable& routes, const JobLauncher* jobs = nullptr)
      : bus_(bus), routes_(routes), jobs_(jobs) {}

  // nullopt when no route's template matches the path (the caller answers 404); may throw CommandError.
  std::optional<HttpReply> handle(const api::Caller& caller, const HttpRequestView& request, std::string_view path,
                                  std::string_view query) const;

 private:
  api::CommandBus& bus_;
  const EngineRouteTable& routes_;
  const JobLauncher* jobs_;
};

// The strong entity tag of a rendered body: "\"<16 hex digits of FNV-1a 64>\"".
std::string entityTag(std::string_view body);

// True when an If-None-Match header value ("*", or a list of tags, weak or strong) matches `tag`.
bool ifNoneMatchHits(std::string_view header, std::string_view tag);

}  // namespace georep::engine
