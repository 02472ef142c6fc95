#include "engine/src/http/http_router.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <ctime>
#include <exception>
#include <optional>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "engine/api/command_bus.h"
#include "engine/src/auth/authenticator.h"
#include "engine/src/common/correlation.h"
#include "engine/src/common/iso_time.h"
#include "engine/src/events/audit_log.h"
#include "engine/src/http/http_reply_helpers.h"
#include "engine/src/http/route_dispatcher.h"
#include "engine/src/http/static_files.h"

namespace georep::engine {
namespace {

constexpr std::string_view kCommandsPrefix = "/api/commands/";

bool isApiPath(std::string_view path) { return path == "/api" || path.substr(0, 5) == "/api/"; }

// The token of "Authorization: Bearer <token>" (scheme case-insensitive); empty when there is none.
std::string_view bearerToken(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer ";
  while (!authorization.empty() && authorization.front() == ' ') authorization.remove_prefix(1);
  if (authorization.size() <= kScheme.size()) return {};
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i]) return {};
  }
  std::string_view token = authorization.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  return token;
}


std::string_view paramTypeName(api::ParamType type) {
  switch (type) {
    case api::ParamType::kString: return "string";
    case api::ParamType::kInteger: return "integer";
    case api::ParamType::kNumber: return "number";
    case api::ParamType::kBoolean: return "boolean";
    case api::ParamType::kObject: return "object";
    case api::ParamType::kArray: return "array";
  }
  return "string";
}

nlohmann::json paramJson(const api::ParamSpec& p) {
  nlohmann::json j{{"name", p.name},
                   {"type", paramTypeName(p.type)},
                   {"required", p.required},
                   {"description", p.description}};
  if (!p.enumValues.empty()) j["enum"] = p.enumValues;
  if (p.minimum) j["minimum"] = *p.minimum;
  if (p.maximum) j["maximum"] = *p.maximum;
  if (p.maxLength) j["max_length"] = *p.maxLength;
  if (!p.defaultValue.is_null()) j["default"] = p.defaultValue;
  if (p.secret) j["secret"] = true;
  return j;
}

nlohmann::json eventJson(const api::Event& e) {
  return {{"id", e.id},
          {"time", isoTime(e.time)},
          {"name", e.name},
          {"severity", api::severityName(e.severity)},
          {"correlation_id", e.correlationId},
          {"actor", e.actor},
          {"body", e.body}};
}



std::int64_t parseBoundedInt(const std::string& field, const std::string& text, std::int64_t min,
                             std::int64_t max) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || ptr != end || value < min || value > max)
    throw api::invalidArgument(field, field + " must be an integer between " + std::to_string(min) +
                                          " and " + std::to_string(max));
  return value;
}


}  // namespace

unsigned httpStatusFor(api::ErrorCode code) {
  switch (code) {
    case api::ErrorCode::kInvalidArgument: return 400;
    case api::ErrorCode::kNotFound: return 404;
    case api::ErrorCode::kConflict: return 409;
    case api::ErrorCode::kUnavailable: return 503;
    case api::ErrorCode::kGlusterError: return 502;
    case api::ErrorCode::kInternal: return 500;
    case api::ErrorCode::kUnauthenticated: return 401;
    case api::ErrorCode::kForbidden: return 403;
    case api::ErrorCode::kRateLimited: return 429;
  }
  return 500;
}

bool isLoopbackHostHeader(std::string_view host) {
  std::string name;
  if (!host.empty() && host.front() == '[') {
    const auto close = host.find(']');
    if (close == std::string_view::npos) return false;
    name = std::string(host.substr(1, close - 1));
    const std::string_view rest = host.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return false;
  } else {
    const auto colon = host.find(':');
    name = std::string(host.substr(0, colon));
  }
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  if (name == "localhost" || name == "localhost.") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, name.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, name.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

HttpRouter::HttpRouter(api::CommandBus& bus, AuditLog& auditLog, bool requireLoopbackHost,
                       auth::Authenticator* authenticator, const EngineRouteTable* routes,
                       const StaticFiles* staticFiles)
    : bus_(bus),
      auditLog_(auditLog),
      requireLoopbackHost_(requireLoopbackHost),
      authenticator_(authenticator),
      resources_(routes != nullptr ? std::make_unique<RouteDispatcher>(bus, *routes) : nullptr),
      staticFiles_(staticFiles) {}

HttpRouter::~HttpRouter() = default;

api::Caller HttpRouter::authenticate(const HttpRequestView& request) const {
  if (authenticator_ == nullptr) {
    throw api::CommandError(api::ErrorCode::kUnauthenticated, "this engine has no authentication configured");
  }
  return authenticator_->authenticate(bearerToken(request.authorization));
}

HttpReply HttpRouter::handle(const HttpRequestView& request) const {
  try {
    if (requireLoopbackHost_ && !request.host.empty() && !isLoopbackHostHeader(request.host)) {
      return errorReply(421, api::CommandError(api::ErrorCode::kInvalidArgument,
                                               "this engine only answers requests addressed to a loopback "
                                               "host (localhost, 127.0.0.1, [::1])",
                                               "host"));
    }
    const std::string_view target = request.target;
    const auto question = target.find('?');
    const std::string_view path = target.substr(0, question);
    const std::string_view query =
        question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);

    if (staticFiles_ != nullptr && !isApiPath(path)) return staticFiles_->serve(request.method, path, request.ifNoneMatch);
    if (path == "/api/health") {
      if (request.method != "GET") return methodNotAllowed(request.method, path, "GET");
      return HttpReply{200, {{"status", "ok"}}, {}, {}};
    }
    if (path == "/api/auth/login") {
      if (request.method != "POST") return methodNotAllowed(request.method, path, "POST");
      return login(request);
    }
    const api::Caller caller = authenticate(request);
    if (path.substr(0, kCommandsPrefix.size()) == kCommandsPrefix) {
      if (request.method != "POST") return methodNotAllowed(request.method, path, "POST");
      return postCommand(path.substr(kCommandsPrefix.size()), caller, request);
    }
    if (path == "/api/commands") {
      if (request.method != "GET") return methodNotAllowed(request.method, path, "GET");
      return listCommands();
    }
    if (path == "/api/events") {
      if (request.method != "GET") return methodNotAllowed(request.method, path, "GET");
      return listEvents(query);
    }
    if (resources_) {
      if (auto reply = resources_->handle(caller, request, path, query)) return std::move(*reply);
    }
    return errorReply(404, api::CommandError(api::ErrorCode::kNotFound,
                                             "no such endpoint: " + std::string(path)));
  } catch (const api::CommandError& e) {
    return errorReply(httpStatusFor(e.code()), e);
  } catch (const std::exception& e) {
    spdlog::error("http: {} {} failed: {}", request.method, request.target, e.what());
    return errorReply(500, api::CommandError(api::ErrorCode::kInternal, std::string("internal error: ") + e.what()));
  } catch (...) {
    spdlog::error("http: {} {} failed with an unknown exception", request.method, request.target);
    return errorReply(500, api::CommandError(api::ErrorCode::kInternal, "internal error"));
  }
}

HttpReply HttpRouter::login(const HttpRequestView& request) const {
  if (!isJsonContentType(request.contentType)) return unsupportedMediaType();
  const nlohmann::json body = jsonObjectBody(request.body);
  for (const auto& [key, value] : body.items()) {
    if (key != "user" && key != "password")
      throw api::invalidArgument("body", "the login body takes only \"user\" and \"password\"");
  }
  const auto user = body.find("user");
  const auto password = body.find("password");
  if (user == body.end() || !user->is_string()) throw api::invalidArgument("user", "\"user\" (a string) is required");
  if (password == body.end() || !password->is_string())
    throw api::invalidArgument("password", "\"password\" (a string) is required");
  if (authenticator_ == nullptr) {
    throw api::CommandError(api::ErrorCode::kUnauthenticated, "this engine has no authentication configured");
  }
  const std::string correlationId = newCorrelationId();
  CorrelationScope scope(correlationId);
  try {
    nlohmann::json result = authenticator_->login(user->get_ref<const std::string&>(),
                                                  password->get_ref<const std::string&>(), request.remoteAddress);
    return HttpReply{200, {{"ok", true}, {"correlation_id", correlationId}, {"result", std::move(result)}}, {}, {}};
  } catch (const api::CommandError& e) {
    return errorReply(httpStatusFor(e.code()), e, correlationId);
  }
}

HttpReply HttpRouter::postCommand(std::string_view name, const api::Caller& caller,
                                  const HttpRequestView& request) const {
  if (name.empty()) throw api::invalidArgument("command", "no command name after /api/commands/");
  if (!isJsonContentType(request.contentType)) return unsupportedMediaType();
  const nlohmann::json params = jsonObjectBody(request.body);
  const api::CommandOutcome outcome = bus_.dispatchAs(caller, std::string(name), params);
  if (outcome.ok) {
    return HttpReply{200, {{"ok", true}, {"correlation_id", outcome.correlationId}, {"result", outcome.result}}, {}, {}};
  }
  const api::CommandError error = outcome.error.value_or(
      api::CommandError(api::ErrorCode::kInternal, "the command failed without an error"));
  return errorReply(httpStatusFor(error.code()), error, outcome.correlationId);
}

HttpReply HttpRouter::listCommands() const {
  std::vector<api::CommandSpec> specs = bus_.commands();
  std::sort(specs.begin(), specs.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  nlohmann::json commands = nlohmann::json::array();
  for (const auto& spec : specs) {
    nlohmann::json params = nlohmann::json::array();
    for (const auto& p : spec.params) params.push_back(paramJson(p));
    commands.push_back({{"name", spec.name},
                        {"description", spec.description},
                        {"role", api::roleName(spec.role)},
                        {"params", std::move(params)}});
  }
  return HttpReply{200, {{"commands", std::move(commands)}}, {}, {}};
}

HttpReply HttpRouter::listEvents(std::string_view query) const {
  std::int64_t since = 0;
  std::size_t limit = kDefaultEventLimit;
  for (const auto& [key, value] : parseQuery(query)) {
    if (key == "since") {
      since = parseBoundedInt("since", value, 0, INT64_MAX);
    } else if (key == "limit") {
      limit = static_cast<std::size_t>(parseBoundedInt("limit", value, 1, kMaxEventLimit));
    } else {
      throw api::invalidArgument(key, "unknown query parameter '" + key + "' (expected since, limit)");
    }
  }
  nlohmann::json events = nlohmann::json::array();
  std::int64_t last = since;
  for (const api::Event& e : auditLog_.since(since, limit)) {
    events.push_back(eventJson(e));
    last = std::max(last, e.id);
  }
  return HttpReply{200, {{"events", std::move(events)}, {"last_id", last}}, {}, {}};
}

}  // namespace georep::engine
