#include "engine/src/http/http_reply_helpers.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "engine/src/http/json_nesting.h"
#include "engine/src/http/route_template.h"

namespace georep::engine {

HttpReply errorReply(unsigned status, const api::CommandError& error, nlohmann::json correlationId) {
  HttpReply reply{status,
                  {{"ok", false}, {"correlation_id", std::move(correlationId)}, {"error", error.toJson()}},
                  {},
                  {}};
  if (status == 401) reply.headers.emplace_back("WWW-Authenticate", "Bearer");
  // 429 (throttled) and 503 (busy, database or gluster unreachable) are both "try again later": the
  // client is told when, from the error's retry_after_seconds or 1 s.
  if (status == 429 || status == 503) {
    const auto& details = error.details();
    const auto it = details.find("retry_after_seconds");
    const std::int64_t retry = it != details.end() && it->is_number_integer() ? it->get<std::int64_t>() : 1;
    reply.headers.emplace_back("Retry-After", std::to_string(retry));
  }
  return reply;
}

HttpReply methodNotAllowed(std::string_view method, std::string_view path, std::string allow) {
  HttpReply reply = errorReply(405, api::CommandError(api::ErrorCode::kInvalidArgument,
                                                      std::string(method) + " is not allowed on " +
                                                          std::string(path) + " (allowed: " + allow + ")",
                                                      "method"));
  reply.allow = std::move(allow);
  return reply;
}

// Parses "a=1&b=2"; throws CommandError naming the parameter on a broken or repeated one.
std::vector<std::pair<std::string, std::string>> parseQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (part.empty()) continue;
    const auto eq = part.find('=');
    auto key = percentDecode(part.substr(0, eq), true);
    auto value = percentDecode(eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1), true);
    if (!key || !value) throw api::invalidArgument("query", "malformed percent-escape in the query string");
    for (const auto& [k, v] : params)
      if (k == *key) throw api::invalidArgument(*key, "query parameter '" + *key + "' given twice");
    params.emplace_back(std::move(*key), std::move(*value));
  }
  return params;
}

bool isJsonContentType(std::string_view contentType) {
  const auto semi = contentType.find(';');
  std::string_view media = contentType.substr(0, semi);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  while (!media.empty() && media.front() == ' ') media.remove_prefix(1);
  std::string lower(media);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower == "application/json";
}

// The JSON object of a POST body (blank = {}). Throws CommandError(invalid_argument) otherwise.
nlohmann::json jsonObjectBody(std::string_view body) {
  const bool blank = std::all_of(body.begin(), body.end(), [](unsigned char c) { return std::isspace(c) != 0; });
  if (blank) return nlohmann::json::object();
  // Checked on the raw text, before nlohmann builds (and would recursively copy or destroy) a deep tree.
  if (jsonNestsDeeperThan(body, kMaxJsonNestingDepth))
    throw api::invalidArgument("body", "the request body nests arrays and objects deeper than " +
                                           std::to_string(kMaxJsonNestingDepth) + " levels");
  nlohmann::json params = nlohmann::json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (params.is_discarded()) throw api::invalidArgument("body", "the request body is not valid JSON");
  if (!params.is_object()) throw api::invalidArgument("body", "the request body must be a JSON object of parameters");
  return params;
}

HttpReply unsupportedMediaType() {
  return errorReply(415, api::CommandError(api::ErrorCode::kInvalidArgument,
                                           "the request body must be sent as Content-Type: application/json",
                                           "content-type"));
}

HttpReply notAcceptable(std::string_view accept) {
  return errorReply(406, api::CommandError(api::ErrorCode::kInvalidArgument,
                                           "cannot answer in any media type of Accept: " +
                                               std::string(accept.substr(0, 200)) +
                                               " (this API answers application/json or application/xml)",
                                           "accept"));
}

}  // namespace georep::engine
