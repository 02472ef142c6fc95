// The REST route table: declarative views over the command bus. A RouteSpec says which command an HTTP
// method + path template dispatches and how the path variables, query parameters and JSON body become the
// command's parameters; the HTTP layer only matches, maps, calls CommandBus::dispatchAs (so roles,
// validation, audit and correlation ids stay in the bus) and renders the outcome. No handler code runs in
// the HTTP layer. Plugins and the engine register routes (HostServices::routes for plugins); a route
// exists until its Registration is reset or destroyed.
// Thread-safety: RouteTable methods may be called concurrently from any thread; RouteSpec is plain data.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "command_bus.h"
#include "registration.h"

namespace georep::api {

enum class RouteSource { kPath, kQuery, kBody };

// One request value that becomes one command parameter.
struct RouteParam {
  std::string name;               // the path variable ({name}), query parameter or body field
  RouteSource source = RouteSource::kPath;
  std::string param;              // the command parameter it sets; empty = the same as name
  ParamType type = ParamType::kString;  // how a path/query text is read (kString, kInteger or kBoolean)

  const std::string& target() const { return param.empty() ? name : param; }
};

// Checks that the resource named by the path really lies under the path's parents (a session under its
// cluster and volume): `command` (a read command; empty = the route's own command, for reads) is
// dispatched with `params`; each result field of `matches` must equal the path variable it names,
// otherwise the reply is 404 and the route's command does not run.
struct RouteScope {
  std::string command;
  std::vector<RouteParam> params;                            // kPath params of the check command
  std::vector<std::pair<std::string, std::string>> matches;  // result field -> path variable
};

// How a route's resource reads as XML (Accept: application/xml), in the element names of the designs
// (oVirt's REST API: <gluster_volumes><gluster_volume>..., snake_case element names). The JSON resource is
// written element by element; nothing but names is decided here.
struct XmlNaming {
  std::string root;        // the element of the whole resource ("georeplication_session"); empty = "result"
  std::string collection;  // the JSON array field whose members are the root's children; empty = none
  std::string item;        // the element of each member of `collection` ("georeplication_session")
  // JSON field -> element name anywhere in the resource ("bricks" -> "session_details"); the members of an
  // array are named by the singular of the array's element ("session_details" -> "session_detail").
  std::vector<std::pair<std::string, std::string>> names;
};

struct RouteSpec {
  std::string method;   // "GET", "POST", "PUT" or "DELETE"
  std::string path;     // "/api/clusters/{cluster}/glustervolumes"; {var} matches one non-empty segment
  std::string command;  // the command it dispatches
  std::vector<RouteParam> params;  // query parameters not listed are refused (400), as are body fields
  bool bodyFieldsAsParams = false; // true: every body field becomes the command parameter of its name
  nlohmann::json fixedParams = nlohmann::json::object();  // set on every dispatch
  unsigned successStatus = 200;
  std::string resultField;  // the result field that is the resource (the reply body); empty = all of it
  // Location header on success: the template with {var} filled from path variables, then from fields of
  // the resource ("/api/.../georeplication-sessions/{session_id}"); empty = none.
  std::string location;
  std::optional<RouteScope> scope;
  std::string description;
  XmlNaming xml{};         // the XML element names of the resource
  // true: `?wait=false` runs the command as a job: 202, X-Correlation-Id and Location: /api/jobs/{id}
  // (GET it for the outcome). Long actions only (start/stop/pause/resume/delete/create, config set/reset).
  bool mayRunAsJob = false;
  // JSON Schema (OpenAPI 3.1 dialect) of the success body, for GET /api/openapi.json; null = "an object",
  // left undescribed. Documentation only: the dispatcher never reads it.
  nlohmann::json resultSchema;
};

// Building blocks for route tables (the engine's and the plugins'), so a table reads as its routes.
inline RouteParam pathParam(std::string name, std::string param = {}, ParamType type = ParamType::kString) {
  return RouteParam{std::move(name), RouteSource::kPath, std::move(param), type};
}
inline RouteParam queryParam(std::string name, ParamType type = ParamType::kString) {
  return RouteParam{std::move(name), RouteSource::kQuery, {}, type};
}
inline RouteParam bodyParam(std::string name) {
  return RouteParam{std::move(name), RouteSource::kBody, {}, ParamType::kString};
}
inline RouteSpec makeRoute(std::string method, std::string pathTemplate, std::string command,
                           std::string description) {
  RouteSpec spec;
  spec.method = std::move(method);
  spec.path = std::move(pathTemplate);
  spec.command = std::move(command);
  spec.description = std::move(description);
  return spec;
}

class RouteTable {
 public:
  virtual ~RouteTable() = default;
  // Throws std::invalid_argument on a malformed spec or when method + path is already registered.
  virtual Registration registerRoute(RouteSpec spec) = 0;
  virtual std::vector<RouteSpec> routes() const = 0;
};

}  // namespace georep::api
