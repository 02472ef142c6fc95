// GET /api/openapi.json (issue 9, "Contract") inside one process (the REST API fixture, rest_api_fixture.h:
// the real plugin loaded through the plugin loader, the engine's inventory routes, the jobs resource, the
// HTTP server with the engine's authenticator and a real PostgreSQL). The document is read back over HTTP and compared with the live route table and command bus
// (no list of routes in this file: a route registered here appears, and goes when its registration goes),
// with the statuses the engine really answers, and with real replies for the routes that declare a
// result schema.
#include <chrono>
#include <filesystem>
#include <optional>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "../http/rest_api_fixture.h"
#include "engine/src/http/route_template.h"

namespace georep::engine {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

const json* parameter(const json& operation, const std::string& in, const std::string& name) {
  const auto parameters = operation.find("parameters");
  if (parameters == operation.end()) return nullptr;
  for (const auto& p : *parameters)
    if (p.at("in") == in && p.at("name") == name) return &p;
  return nullptr;
}

// Whether `value` has one of the JSON Schema types `type` names ("integer", or ["string", "null"]).
bool hasType(const json& value, const json& type) {
  if (type.is_array()) {
    for (const auto& t : type)
      if (hasType(value, t)) return true;
    return false;
  }
  const std::string t = type.get<std::string>();
  if (t == "object") return value.is_object();
  if (t == "array") return value.is_array();
  if (t == "string") return value.is_string();
  if (t == "integer") return value.is_number_integer();
  if (t == "number") return value.is_number();
  if (t == "boolean") return value.is_boolean();
  if (t == "null") return value.is_null();
  return false;
}

// The subset of JSON Schema the result schemas use (type, required, properties, items); the first
// mismatch as "path: what", or empty.
std::string conformance(const json& value, const json& schema, const std::string& at) {
  if (schema.contains("type") && !hasType(value, schema["type"]))
    return at + ": " + value.dump() + " is not of type " + schema["type"].dump();
  if (value.is_object()) {
    for (const auto& name : schema.value("required", json::array()))
      if (!value.contains(name.get<std::string>())) return at + ": required '" + name.get<std::string>() + "' missing";
    const json properties = schema.value("properties", json::object());
    for (const auto& [name, sub] : properties.items())
      if (value.contains(name))
        if (auto why = conformance(value[name], sub, at + "." + name); !why.empty()) return why;
  }
  if (value.is_array() && schema.contains("items"))
    for (std::size_t i = 0; i < value.size(); ++i)
      if (auto why = conformance(value[i], schema["items"], at + "[" + std::to_string(i) + "]"); !why.empty()) return why;
  return {};
}

// The REST API fixture (the real plugin, the inventory routes, the jobs resource, seeded PostgreSQL), plus
// one brick row on mastervol and a session brick row on its ACTIVE session, so that every read route
// answers with real content.
class OpenApiDocumentTest : public rest_test::RestApiTest {
 protected:
  void SetUp() override {
    RestApiTest::SetUp();
    if (HasFatalFailure()) return;
    auto lease = db_.database().lease(10s);
    soci::session& sql = lease.sql();
    long long brick = 0;
    sql << "INSERT INTO georep_bricks (volume_id, position, replica_set, host, host_uuid, path) "
           "VALUES (:v, 0, 0, 'n1', gen_random_uuid(), '/b/1') RETURNING id",
        soci::use(mastervol_), soci::into(brick);
    sql << "INSERT INTO georep_session_bricks (session_id, brick_id, worker_status, entry_pending, last_synced, "
           "checkpoint_completed) VALUES (:s, :b, 'Active', 3, now(), true)",
        soci::use(active_), soci::use(brick);
  }

  json document() {
    const auto reply = request("GET", "/api/openapi.json", viewer_);
    EXPECT_EQ(reply.status, 200u) << reply.rawBody;
    return reply.body;
  }

  const api::CommandSpec* command(const std::string& name) {
    commandSpecs_ = commands_.commands();
    for (const auto& c : commandSpecs_)
      if (c.name == name) return &c;
    return nullptr;
  }

  // The route's template with every variable filled from the seeded rows.
  std::string concrete(const std::string& pathTemplate) {
    return fillTemplate(pathTemplate, [&](const std::string& var) -> std::optional<std::string> {
             if (var == "cluster") return "c1";
             if (var == "volume") return "mastervol";
             if (var == "session") return std::to_string(active_);
             if (var == "key") return "sync_jobs";
             return std::nullopt;
           }).value_or("");
  }

  std::vector<api::CommandSpec> commandSpecs_;
};

TEST_F(OpenApiDocumentTest, NeedsATokenLikeEveryRoute) {
  EXPECT_EQ(request("GET", "/api/openapi.json", std::nullopt).status, 401u);
  EXPECT_EQ(request("GET", "/api/openapi.json", std::string("Bearer grt_forged")).status, 401u);
  EXPECT_EQ(request("POST", "/api/openapi.json", viewer_, "{}").status, 405u);
  json doc = document();
  EXPECT_EQ(doc["openapi"], "3.1.0");
  EXPECT_FALSE(doc["info"]["version"].get<std::string>().empty());
  EXPECT_EQ(doc["components"]["securitySchemes"]["bearerAuth"]["scheme"], "bearer");
  EXPECT_EQ(doc["paths"]["/api/health"]["get"]["security"], json::array());
  EXPECT_EQ(doc["paths"]["/api/auth/login"]["post"]["security"], json::array());
  EXPECT_FALSE(doc["paths"]["/api/openapi.json"]["get"].contains("security"));  // the global bearer applies
}

// Every route of the live table, the engine's and the plugin's, plus one this test adds: its method, its
// command and role, its path, query and body parameters with the command's types.
TEST_F(OpenApiDocumentTest, EveryRouteIsInTheDocumentWithItsParameters) {
  api::RouteSpec extra = api::makeRoute("GET", "/api/clusters/{cluster}/widgets/{widget}", "cluster.get", "A test route.");
  extra.params = {api::pathParam("cluster", "name"), api::queryParam("colour", api::ParamType::kInteger)};
  std::optional<api::Registration> extraRoute = routes_.registerRoute(extra);

  json doc = document();
  const auto routes = routes_.routes();
  ASSERT_GT(routes.size(), 15u);  // the inventory's and the plugin's
  std::set<std::string> operationIds;
  for (const auto& [path, item] : doc["paths"].items())
    for (const auto& [method, op] : item.items())
      EXPECT_TRUE(operationIds.insert(op.at("operationId").get<std::string>()).second) << op["operationId"];

  for (const auto& route : routes) {
    SCOPED_TRACE(route.method + " " + route.path);
    ASSERT_TRUE(doc["paths"].contains(route.path));
    json& op = doc["paths"][route.path][lower(route.method)];
    ASSERT_TRUE(op.is_object());
    EXPECT_EQ(op["x-georep-command"], route.command);
    const api::CommandSpec* spec = command(route.command);
    ASSERT_NE(spec, nullptr);
    EXPECT_EQ(op["x-georep-role"], std::string(api::roleName(spec->role)));
    EXPECT_NE(op["description"].get<std::string>().find(std::string(api::roleName(spec->role))), std::string::npos);
    EXPECT_EQ(op["tags"].size(), 1u);
    EXPECT_TRUE(op["responses"].contains(std::to_string(route.successStatus)));
    const auto variables = templateVariables(route.path);
    ASSERT_TRUE(variables);
    for (const auto& var : *variables) {
      const json* p = parameter(op, "path", var);
      ASSERT_NE(p, nullptr) << var;
      EXPECT_TRUE((*p)["required"].get<bool>());
    }
    for (const auto& rp : route.params) {
      if (rp.source == api::RouteSource::kPath) {
        EXPECT_EQ((*parameter(op, "path", rp.name))["schema"]["type"], std::string(api::paramTypeName(rp.type))) << rp.name;
      } else if (rp.source == api::RouteSource::kQuery) {
        const json* p = parameter(op, "query", rp.name);
        ASSERT_NE(p, nullptr) << rp.name;
        EXPECT_EQ((*p)["schema"]["type"], std::string(api::paramTypeName(rp.type))) << rp.name;
      } else {
        EXPECT_TRUE(op["requestBody"]["content"]["application/json"]["schema"]["properties"].contains(rp.name)) << rp.name;
      }
    }
    if (route.bodyFieldsAsParams) {
      json& body = op["requestBody"]["content"]["application/json"]["schema"];
      for (const auto& p : spec->params) {
        const bool taken = std::any_of(route.params.begin(), route.params.end(),
                                       [&](const api::RouteParam& rp) { return rp.target() == p.name; });
        if (taken || route.fixedParams.contains(p.name)) continue;
        ASSERT_TRUE(body["properties"].contains(p.name)) << p.name;
        EXPECT_EQ(body["properties"][p.name]["type"], std::string(api::paramTypeName(p.type))) << p.name;
        const auto required = body.value("required", json::array());
        EXPECT_EQ(std::find(required.begin(), required.end(), p.name) != required.end(), p.required) << p.name;
        if (p.secret) {
          EXPECT_TRUE(body["properties"][p.name]["writeOnly"].get<bool>()) << p.name;
        }
      }
    }
  }
  // The RPC form of every command, with its parameters.
  for (const auto& c : commands_.commands()) {
    json& op = doc["paths"]["/api/commands/" + c.name]["post"];
    ASSERT_TRUE(op.is_object()) << c.name;
    for (const auto& p : c.params)
      EXPECT_EQ(op["requestBody"]["content"]["application/json"]["schema"]["properties"][p.name]["type"], std::string(api::paramTypeName(p.type)))
          << c.name << " " << p.name;
  }

  extraRoute.reset();
  EXPECT_FALSE(document()["paths"].contains(extra.path));  // generated per request, from the live table
}

// The statuses the engine answers for an operation are among the responses the document gives it.
TEST_F(OpenApiDocumentTest, ListsTheStatusesTheEngineAnswers) {
  json doc = document();
  const std::string session = concrete("/api/clusters/{cluster}/glustervolumes/{volume}/georeplication-sessions/{session}");
  const std::string sessionPath = "/api/clusters/{cluster}/glustervolumes/{volume}/georeplication-sessions/{session}";
  const std::string operatorToken = operator_;
  struct Case {
    std::string method, templ, target;
    std::optional<std::string> token;
    std::optional<std::string> body;
  };
  const std::vector<Case> cases{
      {"GET", sessionPath, session, viewer_, {}},                                // 200
      {"GET", sessionPath, session, std::nullopt, {}},                           // 401
      {"GET", sessionPath, concrete(sessionPath) + "0", viewer_, {}},           // 404
      {"POST", sessionPath + "/start", session + "/start", viewer_, "{}"},       // 403
      {"POST", sessionPath + "/start", session + "/start", operatorToken, "{\"force\":\"yes\"}"},  // 400
      {"POST", sessionPath + "/stop", session + "/stop", operatorToken, "{}"},   // 503: gluster unreachable
      {"GET", "/api/georeplication-sessions", "/api/georeplication-sessions?limit=x", viewer_, {}},  // 400
  };
  std::set<unsigned> seen;
  for (const auto& c : cases) {
    const auto reply = request(c.method, c.target, c.token, c.body);
    seen.insert(reply.status);
    json& responses = doc["paths"][c.templ][lower(c.method)]["responses"];
    EXPECT_TRUE(responses.contains(std::to_string(reply.status)))
        << c.method << " " << c.target << " answered " << reply.status << " " << reply.rawBody;
    if (reply.status >= 400) {
      const std::string code = reply.body["error"]["code"].get<std::string>();
      const std::string ref = responses[std::to_string(reply.status)]["$ref"].get<std::string>();
      json& shared = doc["components"]["responses"][ref.substr(ref.rfind('/') + 1)];
      const auto codes = shared["x-georep-error-codes"];
      EXPECT_NE(std::find(codes.begin(), codes.end(), code), codes.end()) << code << " under " << ref;
    }
  }
  EXPECT_EQ(seen, (std::set<unsigned>{200, 400, 401, 403, 404, 503}));
}

// A route that declares its result schema answers with bodies that conform to it.
TEST_F(OpenApiDocumentTest, RealRepliesConformToTheDeclaredResultSchemas) {
  json doc = document();
  int checked = 0;
  for (const auto& route : routes_.routes()) {
    if (route.method != "GET" || route.resultSchema.is_null()) continue;
    std::string target = concrete(route.path);
    // Its secondary_host is required; a host of no registered cluster has nothing to list and reads nothing.
    if (route.command == "georep.session.eligibility") target += "?secondary_host=dr9.example.org";
    const auto reply = request("GET", target, viewer_);
    ASSERT_EQ(reply.status, 200u) << target << " " << reply.rawBody;
    EXPECT_EQ(doc["paths"][route.path]["get"]["responses"]["200"]["content"]["application/json"]["schema"],
              route.resultSchema);
    EXPECT_EQ(conformance(reply.body, route.resultSchema, target), "");
    ++checked;
  }
  EXPECT_GE(checked, 5);
}

// The router's own endpoints the document lists exist: without a token they answer, never 404.
TEST_F(OpenApiDocumentTest, FixedEndpointsExist) {
  json doc = document();
  std::set<std::string> routePaths;
  for (const auto& route : routes_.routes()) routePaths.insert(route.path);
  int checked = 0;
  for (const auto& [path, item] : doc["paths"].items()) {
    if (routePaths.count(path) || path.rfind("/api/commands/", 0) == 0) continue;
    for (const auto& [method, op] : item.items()) {
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      const auto reply = request(upper, path, std::nullopt, upper == "POST" ? std::optional<std::string>("{}") : std::nullopt);
      EXPECT_NE(reply.status, 404u) << method << " " << path;
      EXPECT_NE(reply.status, 405u) << method << " " << path;
      EXPECT_TRUE(op["responses"].contains(std::to_string(reply.status))) << method << " " << path << " " << reply.status;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 6);  // health, login, commands, events, openapi.json, metrics
}

}  // namespace
}  // namespace georep::engine
