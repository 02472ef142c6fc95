// Parameter validation for the command bus: checks a command's JSON parameters against its CommandSpec
// (object, unknown names, required, type, enum, range, maxLength) and fills in defaults; and checks a
// CommandSpec itself at registration. Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/api/command_bus.h"

namespace georep::engine {

// The parameters with defaults filled in. Throws api::CommandError(kInvalidArgument) naming the field.
nlohmann::json validateParams(const api::CommandSpec& spec, const nlohmann::json& params);

// Throws std::invalid_argument when the spec is malformed: bad command name, empty or duplicate
// parameter names, enum/maxLength on a non-string, a default that fails its own spec.
void checkCommandSpec(const api::CommandSpec& spec);

}  // namespace georep::engine
