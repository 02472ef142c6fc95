#include "engine/src/http/openapi_document.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/api/command_bus.h"
#include "engine/api/routes.h"
#include "engine/src/http/http_router.h"
#include "engine/src/http/openapi_schemas.h"
#include "engine/src/http/route_template.h"

namespace georep::engine {
namespace {

using nlohmann::json;
using openapi::errorResponseRef;
using openapi::paramSchema;

const api::CommandSpec* findCommand(const std::vector<api::CommandSpec>& commands, const std::string& name) {
  const auto it = std::find_if(commands.begin(), commands.end(), [&](const auto& c) { return c.name == name; });
  return it == commands.end() ? nullptr : &*it;
}

const api::ParamSpec* findParam(const api::CommandSpec* command, const std::string& name) {
  if (command == nullptr) return nullptr;
  const auto it = std::find_if(command->params.begin(), command->params.end(),
                               [&](const auto& p) { return p.name == name; });
  return it == command->params.end() ? nullptr : &*it;
}

std::vector<std::string> segments(std::string_view path) {
  std::vector<std::string> out;
  while (!path.empty()) {
    if (path.front() == '/') path.remove_prefix(1);
    const auto slash = path.find('/');
    out.emplace_back(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
  }
  return out;
}

bool isVariable(const std::string& segment) { return !segment.empty() && segment.front() == '{'; }

std::string lastDotPart(const std::string& name) { return name.substr(name.rfind('.') + 1); }

// The resource a route addresses: the collection before the last variable ("/.../{session}" and its
// actions ".../{session}/start" -> georeplication-sessions), else the last literal (".../options").
std::string resourceTag(const api::RouteSpec& route) {
  const auto parts = segments(route.path);
  std::string last = parts.empty() ? "api" : parts.back();
  const bool action = !isVariable(last) && parts.size() >= 2 && isVariable(parts[parts.size() - 2]) &&
                      route.method == "POST" && lastDotPart(route.command) == last;
  std::size_t end = parts.size();
  if (action) --end;
  if (end > 0 && isVariable(parts[end - 1])) --end;
  return end > 0 ? parts[end - 1] : "api";
}

// "get_clusters_by_cluster_hosts": unique per method + path, which the route table keeps unique.
std::string pathOperationId(const api::RouteSpec& route) {
  std::string id;
  for (char c : route.method) id += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& part : segments(route.path)) {
    if (part == "api") continue;
    std::string word = isVariable(part) ? "by_" + part.substr(1, part.size() - 2) : part;
    std::replace(word.begin(), word.end(), '-', '_');
    id += "_" + word;
  }
  return id;
}

// A command's name as an identifier: "georep.session.start" -> "georep_session_start".
std::string commandId(const std::string& command) {
  std::string id = command;
  for (char& c : id)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return id;
}

// operationId per route: the command's name when only one route serves it, else method + path.
std::vector<std::string> operationIds(const std::vector<api::RouteSpec>& routes) {
  std::map<std::string, int> perCommand;
  for (const auto& r : routes) ++perCommand[r.command];
  std::vector<std::string> ids;
  for (const auto& r : routes) ids.push_back(perCommand[r.command] == 1 ? commandId(r.command) : pathOperationId(r));
  return ids;
}

std::string roleText(const api::CommandSpec* command) {
  return command ? std::string(api::roleName(command->role)) : std::string(api::roleName(api::Role::kAdmin));
}

json jsonContent(json schema) { return {{"application/json", {{"schema", std::move(schema)}}}}; }

json correlationHeader() {
  return {{"description", "The correlation id of the command run (in the audit log and in its events)."},
          {"schema", {{"type", "string"}}}};
}

void addErrors(json& responses, const std::vector<unsigned>& statuses) {
  for (unsigned status : statuses) responses[std::to_string(status)] = errorResponseRef(status);
}

// The path, query and If-None-Match parameters of a route. Every template variable is declared: those
// the command does not take only select (the session must lie under that cluster and volume).
json routeParameters(const api::RouteSpec& route, const api::CommandSpec* command) {
  json parameters = json::array();
  for (const auto& var : templateVariables(route.path).value_or(std::vector<std::string>{})) {
    const auto it = std::find_if(route.params.begin(), route.params.end(), [&](const api::RouteParam& p) {
      return p.source == api::RouteSource::kPath && p.name == var;
    });
    json p{{"name", var}, {"in", "path"}, {"required", true}};
    if (it != route.params.end()) {
      const api::ParamSpec* spec = findParam(command, it->target());
      p["schema"] = paramSchema(spec, it->type);
      p["description"] = "The command parameter `" + it->target() + "`" +
                         (spec && !spec->description.empty() ? ": " + spec->description : ".");
      p["schema"].erase("default");
      p["schema"].erase("description");
    } else {
      p["schema"] = {{"type", "string"}};
      p["description"] = "Selects the parent: the resource must belong to it, else 404.";
    }
    parameters.push_back(std::move(p));
  }
  for (const auto& rp : route.params) {
    if (rp.source != api::RouteSource::kQuery) continue;
    const api::ParamSpec* spec = findParam(command, rp.target());
    json schema = paramSchema(spec, rp.type);
    json p{{"name", rp.name}, {"in", "query"}, {"required", spec && spec->required && !route.fixedParams.contains(rp.target())}};
    if (schema.contains("description")) p["description"] = schema["description"];
    schema.erase("description");
    p["schema"] = std::move(schema);
    parameters.push_back(std::move(p));
  }
  if (route.mayRunAsJob)
    parameters.push_back({{"name", "wait"},
                          {"in", "query"},
                          {"required", false},
                          {"description", "false: run the command as a job and answer 202 at once, with "
                                          "`Location: /api/jobs/{id}` (GET it for the outcome)."},
                          {"schema", {{"type", "boolean"}, {"default", true}}}});
  if (route.method == "GET")
    parameters.push_back({{"name", "If-None-Match"},
                          {"in", "header"},
                          {"required", false},
                          {"description", "An ETag of an earlier reply: 304 without a body when it still matches."},
                          {"schema", {{"type", "string"}}}});
  return parameters;
}

// The request body of a route: its body parameters, or every command parameter not set by the path,
// the query or the route itself (bodyFieldsAsParams). Null when the route takes no body.
json routeBody(const api::RouteSpec& route, const api::CommandSpec* command) {
  json properties = json::object();
  json required = json::array();
  const auto add = [&](const std::string& field, const api::ParamSpec* spec) {
    properties[field] = paramSchema(spec, spec ? spec->type : api::ParamType::kString);
    if (spec && spec->required) required.push_back(field);
  };
  bool takesBody = false;
  for (const auto& rp : route.params) {
    if (rp.source != api::RouteSource::kBody) continue;
    takesBody = true;
    add(rp.name, findParam(command, rp.target()));
  }
  if (route.bodyFieldsAsParams) {
    takesBody = true;
    std::set<std::string> taken;
    for (const auto& rp : route.params) taken.insert(rp.target());
    for (const auto& [key, value] : route.fixedParams.items()) taken.insert(key);
    if (command)
      for (const auto& spec : command->params)
        if (!taken.count(spec.name)) add(spec.name, &spec);
  }
  if (!takesBody) return nullptr;
  json schema{{"type", "object"}, {"properties", std::move(properties)}, {"additionalProperties", false}};
  const bool anyRequired = !required.empty();
  if (anyRequired) schema["required"] = std::move(required);
  return {{"required", anyRequired}, {"content", jsonContent(std::move(schema))}};
}

json routeOperation(const api::RouteSpec& route, const api::CommandSpec* command, const std::string& operationId) {
  const std::string role = roleText(command);
  json op{{"operationId", operationId},
          {"summary", route.description.empty() ? route.command : route.description},
          {"description", (route.description.empty() ? std::string() : route.description + "\n\n") + "Runs the command `" +
                              route.command + "`; needs the role **" + role + "** or higher." +
                              (command ? "" : " (No such command is registered now: every call answers 404.)")},
          {"tags", {resourceTag(route)}},
          {"x-georep-command", route.command},
          {"x-georep-role", role},
          {"parameters", routeParameters(route, command)}};
  json body = routeBody(route, command);
  const bool takesBody = !body.is_null();
  if (takesBody) op["requestBody"] = std::move(body);

  const json resultSchema = route.resultSchema.is_null() ? json{{"type", "object"}} : route.resultSchema;
  json content = jsonContent(resultSchema);
  // The same resource in XML (Accept: application/xml), its root element named as the route says.
  json xmlSchema = resultSchema;
  xmlSchema["xml"] = {{"name", route.xml.root.empty() ? std::string("result") : route.xml.root}};
  content["application/xml"] = {{"schema", std::move(xmlSchema)}};
  json success{{"description", route.description.empty() ? "Done." : route.description},
               {"headers", {{"X-Correlation-Id", correlationHeader()}}},
               {"content", std::move(content)}};
  if (!route.location.empty())
    success["headers"]["Location"] = {{"description", "The created resource: " + route.location},
                                      {"schema", {{"type", "string"}}}};
  if (route.method == "GET" && route.successStatus == 200)
    success["headers"]["ETag"] = {{"description", "A strong entity tag of the body."}, {"schema", {{"type", "string"}}}};
  json responses{{std::to_string(route.successStatus), std::move(success)}};
  if (route.method == "GET") responses["304"] = {{"description", "Not modified: If-None-Match matched the ETag."}};
  if (route.mayRunAsJob)
    responses["202"] = {
        {"description", "Accepted (`?wait=false`): the command runs as a job; GET the Location for its outcome."},
        {"headers",
         {{"X-Correlation-Id", correlationHeader()},
          {"Location", {{"description", "/api/jobs/{id} of the job"}, {"schema", {{"type", "string"}}}}}}},
        {"content", jsonContent({{"type", "object"}})}};
  addErrors(responses, openapi::errorStatuses(true, command ? command->role : api::Role::kAdmin, takesBody,
                                              route.method != "GET"));
  op["responses"] = std::move(responses);
  return op;
}

// POST /api/commands/<name>: the command with its own parameter schema as the body.
json commandOperation(const api::CommandSpec& command) {
  json properties = json::object();
  json required = json::array();
  for (const auto& p : command.params) {
    properties[p.name] = paramSchema(&p, p.type);
    if (p.required) required.push_back(p.name);
  }
  json schema{{"type", "object"}, {"properties", std::move(properties)}, {"additionalProperties", false}};
  if (!required.empty()) schema["required"] = required;
  const json reply{{"type", "object"},
                   {"required", {"ok", "correlation_id", "result"}},
                   {"properties",
                    {{"ok", {{"const", true}}}, {"correlation_id", {{"type", "string"}}}, {"result", {{"type", "object"}}}}}};
  const std::string role(api::roleName(command.role));
  json responses{{"200", {{"description", "The command's result."}, {"content", jsonContent(reply)}}}};
  addErrors(responses, openapi::errorStatuses(true, command.role, true, true));
  return {{"operationId", "rpc_" + commandId(command.name)},
          {"summary", command.description.empty() ? command.name : command.description},
          {"description", command.description + "\n\nThe RPC form of `" + command.name + "`; needs the role **" + role +
                              "** or higher."},
          {"tags", {"commands"}},
          {"x-georep-command", command.name},
          {"x-georep-role", role},
          {"requestBody", {{"required", !required.empty()}, {"content", jsonContent(std::move(schema))}}},
          {"responses", std::move(responses)}};
}

json simpleGet(const std::string& operationId, const std::string& summary, const std::string& tag, json schema,
               bool authenticated) {
  json responses{{"200", {{"description", summary}, {"content", jsonContent(std::move(schema))}}}};
  addErrors(responses, authenticated ? openapi::errorStatuses(true, api::Role::kViewer, false, false)
                                     : std::vector<unsigned>{500});
  json op{{"operationId", operationId}, {"summary", summary}, {"tags", {tag}}, {"responses", std::move(responses)}};
  if (authenticated) {
    op["x-georep-role"] = "viewer";
  } else {
    op["security"] = json::array();  // open: no token needed
  }
  return op;
}

// The router's own endpoints (http_router.h), beside the route table.
void addFixedEndpoints(json& paths) {
  paths["/api/health"]["get"] = simpleGet("health", "The engine answers (no token needed).", "engine",
                                          {{"type", "object"}, {"properties", {{"status", {{"const", "ok"}}}}}}, false);

  json login{{"operationId", "login"},
             {"summary", "Log in: a bearer token for 12 h (no token needed)."},
             {"tags", {"auth"}},
             {"security", json::array()},
             {"requestBody",
              {{"required", true},
               {"content", jsonContent({{"type", "object"},
                                        {"required", {"user", "password"}},
                                        {"additionalProperties", false},
                                        {"properties",
                                         {{"user", {{"type", "string"}}},
                                          {"password", {{"type", "string"}, {"format", "password"}, {"writeOnly", true}}}}}})}}}};
  const json token{{"type", "object"},
                   {"properties",
                    {{"token", {{"type", "string"}}},
                     {"token_id", {{"type", "integer"}}},
                     {"expires_at", {{"type", "string"}, {"format", "date-time"}}},
                     {"user", {{"type", "string"}}},
                     {"role", {{"type", "string"}, {"enum", {"viewer", "operator", "admin"}}}}}}};
  json loginResponses{{"200",
                       {{"description", "Logged in."},
                        {"content", jsonContent({{"type", "object"},
                                                 {"properties",
                                                  {{"ok", {{"const", true}}},
                                                   {"correlation_id", {{"type", "string"}}},
                                                   {"result", token}}}})}}}};
  addErrors(loginResponses, {400, 401, 415, 429, 500, 503});
  login["responses"] = std::move(loginResponses);
  paths["/api/auth/login"]["post"] = std::move(login);

  paths["/api/commands"]["get"] =
      simpleGet("list_commands", "Every command with its parameter schema and role.", "commands",
                {{"type", "object"}, {"properties", {{"commands", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}}, true);

  json events = simpleGet("list_events", "Audit-log events after an id, oldest first.", "events",
                          {{"type", "object"},
                           {"properties",
                            {{"events", {{"type", "array"}, {"items", {{"type", "object"}}}}}, {"last_id", {{"type", "integer"}}}}}},
                          true);
  events["parameters"] = {
      {{"name", "since"}, {"in", "query"}, {"required", false}, {"description", "Events with a greater id."},
       {"schema", {{"type", "integer"}, {"minimum", 0}, {"default", 0}}}},
      {{"name", "limit"}, {"in", "query"}, {"required", false}, {"description", "At most this many events."},
       {"schema", {{"type", "integer"}, {"minimum", 1}, {"maximum", HttpRouter::kMaxEventLimit},
                   {"default", HttpRouter::kDefaultEventLimit}}}},
      {{"name", "severity"}, {"in", "query"}, {"required", false},
       {"description", "Only events of this severity and above."},
       {"schema", {{"type", "string"}, {"enum", {"info", "warning", "error", "alert"}}}}}};
  paths["/api/events"]["get"] = std::move(events);

  json metrics{{"operationId", "metrics"},
               {"summary", "Prometheus metrics (text exposition format 0.0.4), served from memory."},
               {"tags", {"engine"}},
               {"x-georep-role", "viewer"}};
  json metricsResponses{
      {"200", {{"description", "The metrics."}, {"content", {{"text/plain", {{"schema", {{"type", "string"}}}}}}}}}};
  addErrors(metricsResponses, openapi::errorStatuses(true, api::Role::kViewer, false, false));
  metrics["responses"] = std::move(metricsResponses);
  paths["/metrics"]["get"] = std::move(metrics);

  paths["/api/openapi.json"]["get"] =
      simpleGet("openapi_document", "This document, generated from the route table and the command schemas.", "engine",
                {{"type", "object"}}, true);
}

std::string lower(const std::string& method) {
  std::string out = method;
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

json openApiDocument(const OpenApiSource& source) {
  json paths = json::object();
  addFixedEndpoints(paths);
  const auto ids = operationIds(source.routes);
  for (std::size_t i = 0; i < source.routes.size(); ++i) {
    const auto& route = source.routes[i];
    paths[route.path][lower(route.method)] = routeOperation(route, findCommand(source.commands, route.command), ids[i]);
  }
  std::vector<const api::CommandSpec*> commands;
  for (const auto& c : source.commands) commands.push_back(&c);
  std::sort(commands.begin(), commands.end(), [](const auto* a, const auto* b) { return a->name < b->name; });
  for (const auto* command : commands) paths["/api/commands/" + command->name]["post"] = commandOperation(*command);

  std::set<std::string> tagNames;
  for (const auto& [path, item] : paths.items())
    for (const auto& [method, op] : item.items())
      for (const auto& tag : op["tags"]) tagNames.insert(tag.get<std::string>());
  json tags = json::array();
  for (const auto& name : tagNames) tags.push_back({{"name", name}, {"description", "Operations on " + name + "."}});

  return {{"openapi", "3.1.0"},
          {"info",
           {{"title", "georep engine API"},
            {"version", source.version},
            {"description",
             "GlusterFS geo-replication management. Generated at run time from the engine's REST route table and "
             "command schemas. Every operation but health and login needs a bearer token; `x-georep-role` is "
             "the least role an operation needs (viewer < operator < admin). Errors carry a typed code, mapped "
             "to one HTTP status each."}}},
          {"servers", {{{"url", "/"}, {"description", "This engine."}}}},
          {"security", {{{"bearerAuth", json::array()}}}},
          {"tags", std::move(tags)},
          {"paths", std::move(paths)},
          {"components", openapi::components()}};
}

}  // namespace georep::engine
