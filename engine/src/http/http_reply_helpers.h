// The pieces of HTTP handling the router and the REST route dispatcher share: typed error replies (with
// WWW-Authenticate / Retry-After where they apply), 405/415 replies, the query string and the JSON body.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/command_error.h"
#include "engine/src/http/http_router.h"

namespace georep::engine {

// {"ok":false,"correlation_id":..,"error":{..}} with the headers the status calls for.
HttpReply errorReply(unsigned status, const api::CommandError& error, nlohmann::json correlationId = nullptr);
HttpReply methodNotAllowed(std::string_view method, std::string_view path, std::string allow);
HttpReply unsupportedMediaType();
// 406: the Accept header accepts neither JSON nor XML.
HttpReply notAcceptable(std::string_view accept);

// Parses "a=1&b=2"; throws CommandError naming the parameter on a broken or repeated one.
std::vector<std::pair<std::string, std::string>> parseQuery(std::string_view query);

bool isJsonContentType(std::string_view contentType);

// The JSON object of a request body (blank = {}). Throws CommandError(invalid_argument) otherwise.
nlohmann::json jsonObjectBody(std::string_view body);

}  // namespace georep::engine
