// How georepctl reads the engine's answers and reports refusals, for every subcommand: the reply body
// must be a JSON object; a typed error is printed as code, field and message (or the JSON with --json).
// A 401 says "not logged in or token expired: run georepctl login"; a 429 or 503 adds when to retry.
// Thread-safety: pure functions (they write only to the streams given).
#pragma once

#include <iosfwd>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/http_client.h"

namespace georep::cli {

inline constexpr const char* kNotLoggedInMessage = "not logged in or token expired: run georepctl login";

// The reply body as JSON; throws TransportError when it is not a JSON object.
nlohmann::json parseReply(const HttpResponse& response);

// An HTTP error status, or "ok": false.
bool isErrorReply(const HttpResponse& response, const nlohmann::json& reply);

// Prints the refusal (stdout with --json, stderr otherwise) and returns kExitError.
int reportError(const HttpResponse& response, const nlohmann::json& reply, bool asJson, std::ostream& out,
                std::ostream& err);

// POST /api/commands/<name> with `params`; the reply parsed (TransportError when it is not JSON).
struct CommandOutcome {
  HttpResponse response;
  nlohmann::json reply;
  bool failed() const;
};
CommandOutcome postCommand(const HttpClient& client, const std::string& name, const nlohmann::json& params);

// postCommand, then what `georepctl call` prints: the refusal (reportError), else the result as tables
// (renderResult) or, with asJson, the whole reply. Returns kExitOk or kExitError.
int runAndShowCommand(const HttpClient& client, const std::string& name, const nlohmann::json& params, bool asJson,
                      std::ostream& out, std::ostream& err);

// The JSON as georepctl prints it (indented; invalid UTF-8 replaced).
std::string printableJson(const nlohmann::json& value);

}  // namespace georep::cli
