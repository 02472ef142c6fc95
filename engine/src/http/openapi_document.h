// The OpenAPI 3.1 document of the engine's HTTP API (GET /api/openapi.json), generated at run time from
// what the engine really serves: every REST route of the route table (engine/api/routes.h) with the
// schema of the command it dispatches (types, required, enums, ranges, defaults, secrets, the role it
// needs), one POST /api/commands/<name> per registered command, and the router's fixed endpoints (health,
// login, command list, events, this document). Nothing in it is maintained beside the tables it reads.
// Thread-safety: pure function of its arguments.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace georep::api {
struct RouteSpec;
struct CommandSpec;
}  // namespace georep::api

namespace georep::engine {

struct OpenApiSource {
  const std::vector<api::RouteSpec>& routes;      // the REST routes, in registration order
  const std::vector<api::CommandSpec>& commands;  // every registered command
  std::string version;                            // the engine's version (info.version)
};

nlohmann::json openApiDocument(const OpenApiSource& source);

}  // namespace georep::engine
