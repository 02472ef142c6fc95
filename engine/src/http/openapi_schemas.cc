#include "engine/src/http/openapi_schemas.h"

#include <map>
#include <string>

#include "engine/api/command_error.h"
#include "engine/src/http/http_router.h"

namespace georep::engine::openapi {
namespace {

// Every typed error code; the statuses come from httpStatusFor, the mapping every reply uses.
constexpr api::ErrorCode kErrorCodes[] = {
    api::ErrorCode::kInvalidArgument, api::ErrorCode::kNotFound,        api::ErrorCode::kConflict,
    api::ErrorCode::kUnavailable,     api::ErrorCode::kGlusterError,    api::ErrorCode::kInternal,
    api::ErrorCode::kUnauthenticated, api::ErrorCode::kForbidden,       api::ErrorCode::kRateLimited,
};

// Statuses answered outside httpStatusFor, with the code their body carries.
constexpr unsigned kUnsupportedMediaType = 415;

std::string statusText(unsigned status) {
  switch (status) {
    case 400: return "Bad request";
    case 401: return "Not authenticated (missing, wrong, expired or revoked token)";
    case 403: return "The caller's role does not allow this";
    case 404: return "No such resource";
    case 409: return "The resource's state forbids this";
    case 415: return "The body must be sent as Content-Type: application/json";
    case 429: return "Too many attempts";
    case 500: return "Internal error";
    case 502: return "GlusterFS refused (glusterd's message kept)";
    case 503: return "Unavailable (busy, database or GlusterFS unreachable): try again later";
  }
  return "Error";
}

nlohmann::json header(const std::string& description, nlohmann::json schema) {
  return {{"description", description}, {"schema", std::move(schema)}};
}

nlohmann::json errorResponse(unsigned status, const std::vector<std::string>& codes) {
  std::string list;
  for (const auto& c : codes) list += (list.empty() ? "`" : ", `") + c + "`";
  nlohmann::json response{
      {"description", statusText(status) + ". Error code: " + list + "."},
      {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
  if (status == 401) response["headers"]["WWW-Authenticate"] = header("Always `Bearer`.", {{"type", "string"}});
  if (status == 429 || status == 503)
    response["headers"]["Retry-After"] = header("Seconds to wait before trying again.", {{"type", "integer"}});
  response["x-georep-error-codes"] = codes;
  return response;
}

}  // namespace

nlohmann::json paramSchema(const api::ParamSpec* spec, api::ParamType type) {
  nlohmann::json schema{{"type", api::paramTypeName(type)}};
  if (spec == nullptr) return schema;
  if (!spec->description.empty()) schema["description"] = spec->description;
  if (!spec->enumValues.empty() && type == api::ParamType::kString) schema["enum"] = spec->enumValues;
  const bool numeric = type == api::ParamType::kInteger || type == api::ParamType::kNumber;
  if (numeric && spec->minimum) schema["minimum"] = *spec->minimum;
  if (numeric && spec->maximum) schema["maximum"] = *spec->maximum;
  if (type == api::ParamType::kString && spec->maxLength) schema["maxLength"] = *spec->maxLength;
  if (!spec->defaultValue.is_null()) schema["default"] = spec->defaultValue;
  if (spec->secret) {
    schema["format"] = "password";
    schema["writeOnly"] = true;
    schema["x-georep-secret"] = true;
  }
  return schema;
}

nlohmann::json components() {
  std::map<unsigned, std::vector<std::string>> codesByStatus;
  std::vector<std::string> allCodes;
  for (const auto code : kErrorCodes) {
    allCodes.emplace_back(api::errorCodeName(code));
    codesByStatus[httpStatusFor(code)].emplace_back(api::errorCodeName(code));
  }
  codesByStatus[kUnsupportedMediaType].emplace_back(api::errorCodeName(api::ErrorCode::kInvalidArgument));

  nlohmann::json responses = nlohmann::json::object();
  for (const auto& [status, codes] : codesByStatus)
    responses["Error" + std::to_string(status)] = errorResponse(status, codes);

  const nlohmann::json errorBody{
      {"type", "object"},
      {"required", {"code", "message"}},
      {"properties",
       {{"code", {{"type", "string"}, {"enum", allCodes}, {"description", "The typed error code."}}},
        {"message", {{"type", "string"}, {"description", "What went wrong, for a person (glusterd's own message for gluster_error)."}}},
        {"field", {{"type", "string"}, {"description", "The parameter at fault (invalid_argument)."}}},
        {"details", {{"type", "object"}, {"description", "Machine-readable context: kind, op_ret, op_errno, reason, outcome, retry_after_seconds, ..."}}}}}};
  const nlohmann::json error{
      {"type", "object"},
      {"required", {"ok", "correlation_id", "error"}},
      {"properties",
       {{"ok", {{"const", false}}},
        {"correlation_id", {{"type", {"string", "null"}}, {"description", "The id of the command run (null when none ran)."}}},
        {"error", {{"$ref", "#/components/schemas/ErrorBody"}}}}}};

  return {{"securitySchemes",
           {{"bearerAuth",
             {{"type", "http"},
              {"scheme", "bearer"},
              {"description", "A `grt_` token from POST /api/auth/login (12 h) or `georepctl token create` (API token)."}}}}},
          {"schemas", {{"Error", error}, {"ErrorBody", errorBody}}},
          {"responses", std::move(responses)}};
}

nlohmann::json errorResponseRef(unsigned status) {
  return {{"$ref", "#/components/responses/Error" + std::to_string(status)}};
}

std::vector<unsigned> errorStatuses(bool authenticated, api::Role role, bool takesBody, bool mayChange) {
  std::vector<unsigned> statuses{400};
  if (authenticated) statuses.push_back(401);
  if (authenticated && role != api::Role::kViewer) statuses.push_back(403);
  statuses.push_back(404);
  if (mayChange) statuses.push_back(409);
  if (takesBody) statuses.push_back(kUnsupportedMediaType);
  statuses.push_back(500);
  if (mayChange) statuses.push_back(502);
  statuses.push_back(503);
  return statuses;
}

}  // namespace georep::engine::openapi
