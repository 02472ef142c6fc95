// Pieces shared by the auth.* command handlers (auth_token_commands.cc, auth_user_commands.cc):
// parameter specs, reading validated parameters, raising engine.auth.* events.
// Thread-safety: pure functions, except raiseAuthEvent (as api::EventBus::raise).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "engine/api/command_bus.h"
#include "engine/api/event_bus.h"

namespace georep::engine::auth {

// A string parameter.
api::ParamSpec textParam(std::string name, bool required, std::size_t maxLength, std::string description);
// `role`: one of viewer, operator, admin.
api::ParamSpec roleParam(bool required, std::string description);
// A password: secret, 1..1024 bytes (the hasher checks the minimum and says so).
api::ParamSpec passwordParam(std::string name, bool required, std::string description);

// The validated string parameter `name` ("" when absent).
std::string textOf(const nlohmann::json& params, const char* name);

// Throws invalid_argument naming `field` unless `value` is a valid user or token name.
void requireAccountName(const std::string& field, const std::string& value);

// Throws forbidden unless the caller is a user (not the engine itself).
void requireUser(const api::Caller& caller, const std::string& what);

void raiseAuthEvent(api::EventBus& events, std::string name, nlohmann::json body);

}  // namespace georep::engine::auth
