#include "engine/src/auth/auth_commands.h"

#include <utility>

#include "engine/src/auth/auth_command_support.h"
#include "engine/src/auth/password_hasher.h"
#include "engine/src/auth/user_store.h"

namespace georep::engine::auth {

std::vector<api::Registration> registerAuthCommands(api::CommandBus& bus, AuthCommandDeps deps) {
  auto registrations = registerTokenCommands(bus, deps);
  for (auto& r : registerUserCommands(bus, deps)) registrations.push_back(std::move(r));
  return registrations;
}

api::ParamSpec textParam(std::string name, bool required, std::size_t maxLength, std::string description) {
  api::ParamSpec p;
  p.name = std::move(name);
  p.type = api::ParamType::kString;
  p.required = required;
  p.maxLength = maxLength;
  p.description = std::move(description);
  return p;
}

api::ParamSpec roleParam(bool required, std::string description) {
  api::ParamSpec p = textParam("role", required, 8, std::move(description));
  p.enumValues = {"viewer", "operator", "admin"};
  return p;
}

api::ParamSpec passwordParam(std::string name, bool required, std::string description) {
  api::ParamSpec p = textParam(std::move(name), required, kMaxPasswordBytes, std::move(description));
  p.secret = true;
  return p;
}

std::string textOf(const nlohmann::json& params, const char* name) {
  const auto it = params.find(name);
  return it != params.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void requireAccountName(const std::string& field, const std::string& value) {
  if (!isValidAccountName(value)) {
    throw api::invalidArgument(field, field + " must be 1 to 64 letters, digits, '.', '_' or '-', starting with a "
                                              "letter or digit");
  }
}

void requireUser(const api::Caller& caller, const std::string& what) {
  if (caller.user.empty()) {
    throw api::CommandError(api::ErrorCode::kForbidden,
                            "only a logged-in user can " + what + " (the caller is " + caller.actor + ")");
  }
}

void raiseAuthEvent(api::EventBus& events, std::string name, nlohmann::json body) {
  api::Event event;
  event.name = std::move(name);
  event.body = std::move(body);
  events.raise(std::move(event));
}

}  // namespace georep::engine::auth
