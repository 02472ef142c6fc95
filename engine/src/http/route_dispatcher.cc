#include "engine/src/http/route_dispatcher.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <string>

#include "engine/api/routes.h"
#include "engine/src/http/http_reply_helpers.h"
#include "engine/src/http/job_launcher.h"
#include "engine/src/http/route_template.h"

namespace georep::engine {
namespace {

api::CommandError notFound(std::string_view path) {
  return api::CommandError(api::ErrorCode::kNotFound, "no such resource: " + std::string(path));
}

const std::string* variable(const PathVariables& vars, const std::string& name) {
  for (const auto& [key, value] : vars)
    if (key == name) return &value;
  return nullptr;
}

// A path or query text read as the parameter's type; nullopt when it is not one.
std::optional<nlohmann::json> typedValue(const api::RouteParam& p, const std::string& text) {
  if (p.type == api::ParamType::kInteger) {
    std::int64_t value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end) return std::nullopt;
    return nlohmann::json(value);
  }
  if (p.type == api::ParamType::kBoolean) {
    if (text == "true") return nlohmann::json(true);
    if (text == "false") return nlohmann::json(false);
    return std::nullopt;
  }
  return nlohmann::json(text);
}

// Path variables into params; a variable that is not of its type names no resource (404).
void mapPath(const std::vector<api::RouteParam>& params, const PathVariables& vars, std::string_view path,
             nlohmann::json& out) {
  for (const auto& p : params) {
    if (p.source != api::RouteSource::kPath) continue;
    const std::string* text = variable(vars, p.name);
    auto value = text ? typedValue(p, *text) : std::nullopt;
    if (!value) throw notFound(path);
    out[p.target()] = std::move(*value);
  }
}

// Query parameters into params; `wait` is taken out first on a route that may run as a job.
// Returns true when the request asks to run as a job (wait=false).
bool mapQuery(const api::RouteSpec& spec, std::string_view query, nlohmann::json& out) {
  bool runAsJob = false;
  for (const auto& [key, text] : parseQuery(query)) {
    if (key == "wait" && spec.mayRunAsJob) {
      if (text != "true" && text != "false")
        throw api::invalidArgument("wait", "query parameter 'wait' must be true or false");
      runAsJob = text == "false";
      continue;
    }
    const auto it = std::find_if(spec.params.begin(), spec.params.end(), [&key = key](const api::RouteParam& p) {
      return p.source == api::RouteSource::kQuery && p.name == key;
    });
    if (it == spec.params.end()) {
      std::string expected;
      for (const auto& p : spec.params)
        if (p.source == api::RouteSource::kQuery) expected += (expected.empty() ? "" : ", ") + p.name;
      if (spec.mayRunAsJob) expected += (expected.empty() ? "" : ", ") + std::string("wait");
      throw api::invalidArgument(key, "unknown query parameter '" + key + "'" +
                                          (expected.empty() ? " (this resource takes none)"
                                                            : " (expected " + expected + ")"));
    }
    auto value = typedValue(*it, text);
    if (!value) throw api::invalidArgument(key, "query parameter '" + key + "' is not a valid " +
                                                    (it->type == api::ParamType::kInteger ? "integer" : "boolean"));
    out[it->target()] = std::move(*value);
  }
  return runAsJob;
}

// Body fields into params. Returns false when the body is not JSON (415).
bool mapBody(const api::RouteSpec& spec, const HttpRequestView& request, nlohmann::json& out) {
  const bool blank = std::all_of(request.body.begin(), request.body.end(),
                                 [](unsigned char c) { return std::isspace(c) != 0; });
  if (blank) return true;
  const bool takesBody = spec.bodyFieldsAsParams ||
                         std::any_of(spec.params.begin(), spec.params.end(),
                                     [](const api::RouteParam& p) { return p.source == api::RouteSource::kBody; });
  if (!takesBody && !isJsonContentType(request.contentType))
    throw api::invalidArgument("body", spec.method + " " + spec.path + " takes no request body");
  if (!isJsonContentType(request.contentType)) return false;
  const nlohmann::json body = jsonObjectBody(request.body);
  // A route without body parameters takes an empty body or an empty JSON object (`{}`, what clients send
  // for "nothing"); any field in it is refused below as unknown.
  if (!takesBody && !body.empty())
    throw api::invalidArgument("body", spec.method + " " + spec.path + " takes no request body");
  for (const auto& [key, value] : body.items()) {
    const auto it = std::find_if(spec.params.begin(), spec.params.end(), [&key = key](const api::RouteParam& p) {
      return p.source == api::RouteSource::kBody && p.name == key;
    });
    if (it != spec.params.end()) {
      out[it->target()] = value;
    } else if (spec.bodyFieldsAsParams) {
      if (out.contains(key))
        throw api::invalidArgument(key, "'" + key + "' is given by the path or the query, not the body");
      out[key] = value;
    } else {
      throw api::invalidArgument(key, "unknown body field '" + key + "'");
    }
  }
  return true;
}

// True when every `matches` field of `resource` equals its path variable.
bool inScope(const api::RouteScope& scope, const nlohmann::json& resource, const PathVariables& vars) {
  for (const auto& [field, var] : scope.matches) {
    const std::string* want = variable(vars, var);
    if (want == nullptr || !resource.is_object() || !resource.contains(field)) return false;
    const nlohmann::json& got = resource[field];
    if (!(got.is_string() ? got.get_ref<const std::string&>() == *want : got.dump() == *want)) return false;
  }
  return true;
}

HttpReply failure(const api::CommandOutcome& outcome) {
  const api::CommandError error = outcome.error.value_or(
      api::CommandError(api::ErrorCode::kInternal, "the command failed without an error"));
  return errorReply(httpStatusFor(error.code()), error, outcome.correlationId);
}

std::optional<std::string> locationFor(const std::string& pathTemplate, const PathVariables& vars,
                                       const nlohmann::json& resource) {
  return fillTemplate(pathTemplate, [&](const std::string& name) -> std::optional<std::string> {
    if (const std::string* value = variable(vars, name)) return *value;
    if (!resource.is_object() || !resource.contains(name)) return std::nullopt;
    const auto& field = resource[name];
    if (field.is_string()) return field.get<std::string>();
    if (field.is_number_integer()) return field.dump();
    return std::nullopt;
  });
}

}  // namespace

std::string entityTag(std::string_view body) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : body) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string tag = "\"";
  for (int shift = 60; shift >= 0; shift -= 4) tag += kHex[(hash >> shift) & 0xF];
  return tag + "\"";
}

bool ifNoneMatchHits(std::string_view header, std::string_view tag) {
  while (!header.empty()) {
    const auto comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.substr(0, 2) == "W/") item.remove_prefix(2);  // If-None-Match compares weakly
    if (item == "*" || item == tag) return true;
  }
  return false;
}

std::optional<HttpReply> RouteDispatcher::handle(const api::Caller& caller, const HttpRequestView& request,
                                                 std::string_view path, std::string_view query) const {
  const EngineRouteTable::Snapshot routes = routes_.snapshot();
  const api::RouteSpec* spec = nullptr;
  PathVariables vars;
  std::string allow;
  for (const auto& candidate : *routes) {
    auto matched = matchTemplate(candidate.path, path);
    if (!matched) continue;
    allow += (allow.empty() ? "" : ", ") + candidate.method;
    if (candidate.method == request.method && spec == nullptr) {
      spec = &candidate;
      vars = std::move(*matched);
    }
  }
  if (allow.empty()) return std::nullopt;
  if (spec == nullptr) return methodNotAllowed(request.method, path, std::move(allow));

  nlohmann::json params = spec->fixedParams;
  mapPath(spec->params, vars, path, params);
  const bool runAsJob = mapQuery(*spec, query, params);
  if (!mapBody(*spec, request, params)) return unsupportedMediaType();

  if (spec->scope && !spec->scope->command.empty()) {
    nlohmann::json scopeParams = nlohmann::json::object();
    mapPath(spec->scope->params, vars, path, scopeParams);
    const api::CommandOutcome check = bus_.dispatchAs(caller, spec->scope->command, scopeParams);
    if (!check.ok) {
      if (check.error && check.error->code() == api::ErrorCode::kNotFound)
        return errorReply(404, notFound(path), check.correlationId);
      return failure(check);
    }
    if (!inScope(*spec->scope, check.result, vars)) return errorReply(404, notFound(path), check.correlationId);
  }

  if (runAsJob) {
    if (jobs_ == nullptr)
      return errorReply(503, api::CommandError(api::ErrorCode::kUnavailable, "this engine runs no background jobs"));
    return jobs_->launch(caller, *spec, params, spec->method + " " + std::string(path));
  }

  const api::CommandOutcome outcome = bus_.dispatchAs(caller, spec->command, params);
  if (!outcome.ok) return failure(outcome);
  nlohmann::json resource = spec->resultField.empty() ? outcome.result : outcome.result.value(spec->resultField, nlohmann::json());
  if (spec->scope && spec->scope->command.empty() && !inScope(*spec->scope, resource, vars))
    return errorReply(404, notFound(path), outcome.correlationId);

  HttpReply reply{spec->successStatus, std::move(resource), {}, {}};
  reply.headers.emplace_back("X-Correlation-Id", outcome.correlationId);
  if (!spec->location.empty()) {
    if (auto location = locationFor(spec->location, vars, reply.body)) reply.headers.emplace_back("Location", *location);
  }
  reply.xml = spec->xml;
  reply.tagged = spec->method == "GET" && reply.status == 200;
  return reply;
}

}  // namespace georep::engine
