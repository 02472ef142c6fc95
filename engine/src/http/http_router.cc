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
#include "engine/src/http/reply_format.h"
#include "engine/src/http/reply_renderer.h"
#include "engine/src/http/engine_route_table.h"
#include "engine/src/http/openapi_document.h"
#include "engine/src/http/metrics_endpoint.h"
#include "engine/src/http/route_dispatcher.h"
#include "engine/src/http/static_files.h"

#ifndef GEOREP_VERSION
#define GEOREP_VERSION "unknown"
#endif

namespace georep::engine {
namespace {

constexpr std::string_view kCommandsPrefix = "/api/commands/";

bool isApiPath(std::string_view path) { return path == "/api" || path.substr(0, 5) == "/api/"; }

constexpr std::string_view kMetricsPath = "/metrics";

// The engine's own endpoints (everything else is the web console's, when one is served).
bool isEnginePath(std::string_view path) { return isApiPath(path) || path == kMetricsPath; }

std::string_view pathOf(std::string_view target) { return target.substr(0, target.find('?')); }

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


nlohmann::json paramJson(const api::ParamSpec& p) {
  nlohmann::json j{{"name", p.name},
                   {"type", api::paramTypeName(p.type)},
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
                       auth::Authenticator* authenticator, const EngineRouteTable* routes, const JobLauncher* jobs,
                       const EngineMetricsRegistry* metrics, const StaticFiles* staticFiles)
    : bus_(bus),
      auditLog_(auditLog),
      requireLoopbackHost_(requireLoopbackHost),
      authenticator_(authenticator),
      routes_(routes),
      resources_(routes != nullptr ? std::make_unique<RouteDispatcher>(bus, *routes, jobs) : nullptr),
      metrics_(metrics),
      staticFiles_(staticFiles) {}

HttpRouter::~HttpRouter() = default;

bool HttpRouter::servesMetrics(std::string_view path) const { return metrics_ != nullptr && path == kMetricsPath; }

api::Caller HttpRouter::authenticate(const HttpRequestView& request) const {
  if (authenticator_ == nullptr) {
    throw api::CommandError(api::ErrorCode::kUnauthenticated, "this engine has no authentication configured");
  }
  return authenticator_->authenticate(bearerToken(request.authorization));
}

HttpReply HttpRouter::handle(const HttpRequestView& request) const {
  // The console's files and /metrics have media types of their own: Accept is not negotiated for them
  // (their errors are JSON).
  const std::string_view path = pathOf(request.target);
  const bool ownMediaType = servesMetrics(path) || (staticFiles_ != nullptr && !isEnginePath(path));
  const std::optional<ReplyFormat> format =
      ownMediaType ? std::optional<ReplyFormat>(ReplyFormat::kJson) : negotiateReplyFormat(request.accept);
  HttpReply reply = format ? route(request) : notAcceptable(request.accept);
  try {
    renderReply(reply, format.value_or(ReplyFormat::kJson), request.ifNoneMatch);
  } catch (const std::exception& e) {
    spdlog::error("http: {} {}: the reply could not be rendered: {}", request.method, request.target, e.what());
    reply = errorReply(500, api::CommandError(api::ErrorCode::kInternal, "the reply could not be rendered"));
    renderReply(reply, ReplyFormat::kJson, {});
  }
  return reply;
}

HttpReply HttpRouter::route(const HttpRequestView& request) const {
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

    if (staticFiles_ != nullptr && !isEnginePath(path)) return staticFiles_->serve(request.method, path, request.ifNoneMatch);
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
    if (path == "/api/openapi.json") {
      if (request.method != "GET") return methodNotAllowed(request.method, path, "GET");
      return openApi();
    }
    if (servesMetrics(path)) {
      if (request.method != "GET") return methodNotAllowed(request.method, path, "GET");
      return metricsReply(*metrics_);
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

HttpReply HttpRouter::openApi() const {
  const std::vector<api::RouteSpec> routes = routes_ ? *routes_->snapshot() : std::vector<api::RouteSpec>{};
  const std::vector<api::CommandSpec> commands = bus_.commands();
  return HttpReply{200, openApiDocument({routes, commands, GEOREP_VERSION}), {}, {}};
}

HttpReply HttpRouter::listEvents(std::string_view query) const {
  std::int64_t since = 0;
  std::size_t limit = kDefaultEventLimit;
  std::optional<api::Severity> atLeast;
  for (const auto& [key, value] : parseQuery(query)) {
    if (key == "since") {
      since = parseBoundedInt("since", value, 0, INT64_MAX);
    } else if (key == "limit") {
      limit = static_cast<std::size_t>(parseBoundedInt("limit", value, 1, kMaxEventLimit));
    } else if (key == "severity") {
      for (const auto s : {api::Severity::kInfo, api::Severity::kWarning, api::Severity::kError, api::Severity::kAlert})
        if (api::severityName(s) == value) atLeast = s;
      if (!atLeast)
        throw api::invalidArgument("severity", "severity must be info, warning, error or alert (that one and above)");
    } else {
      throw api::invalidArgument(key, "unknown query parameter '" + key + "' (expected since, limit, severity)");
    }
  }
  nlohmann::json events = nlohmann::json::array();
  std::int64_t last = since;
  for (const api::Event& e : auditLog_.since(since, limit, atLeast)) {
    events.push_back(eventJson(e));
    last = std::max(last, e.id);
  }
  HttpReply reply{200, {{"events", std::move(events)}, {"last_id", last}}, {}, {}};
  reply.xml = api::XmlNaming{"events", "events", "event", {}};
  return reply;
}

}  // namespace georep::engine
