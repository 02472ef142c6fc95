#include "cli/engine_reply.h"

#include <ostream>

#include "cli/georepctl_app.h"
#include "cli/result_renderer.h"

namespace georep::cli {

using nlohmann::json;

json parseReply(const HttpResponse& response) {
  json body = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    std::string excerpt = response.body.substr(0, 200);
    throw TransportError("unexpected answer (HTTP " + std::to_string(response.status) + "): " + excerpt);
  }
  return body;
}

bool isErrorReply(const HttpResponse& response, const json& reply) {
  return response.status >= 400 || (reply.contains("ok") && reply["ok"] == false);
}

int reportError(const HttpResponse& response, const json& reply, bool asJson, std::ostream& out, std::ostream& err) {
  if (asJson) {
    out << printableJson(reply) << "\n";
    return kExitError;
  }
  if (response.status == 401) err << "error: " << kNotLoggedInMessage << "\n";
  err << renderError(reply.value("error", json::object()), reply.value("correlation_id", json()));
  if ((response.status == 429 || response.status == 503) && !response.retryAfter.empty())
    err << "  retry after: " << response.retryAfter << " s\n";
  return kExitError;
}

bool CommandOutcome::failed() const { return isErrorReply(response, reply); }

CommandOutcome postCommand(const HttpClient& client, const std::string& name, const json& params) {
  CommandOutcome outcome;
  outcome.response = client.postJson("/api/commands/" + name, params.dump());
  outcome.reply = parseReply(outcome.response);
  return outcome;
}

int runAndShowCommand(const HttpClient& client, const std::string& name, const json& params, bool asJson,
                      std::ostream& out, std::ostream& err) {
  const CommandOutcome outcome = postCommand(client, name, params);
  if (outcome.failed()) return reportError(outcome.response, outcome.reply, asJson, out, err);
  out << (asJson ? printableJson(outcome.reply) + "\n" : renderResult(outcome.reply.value("result", json())));
  return kExitOk;
}

std::string printableJson(const json& value) { return value.dump(2, ' ', false, json::error_handler_t::replace); }

}  // namespace georep::cli
