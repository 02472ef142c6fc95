// The command bus: plugins register named command handlers with a parameter schema; clients (HTTP,
// georepctl, tests) dispatch commands by name with a JSON object of parameters.
// Dispatch validates parameters against the schema (type, required, enum, range, unknown names) before
// the handler runs, gives each dispatch a correlation id (in logs and in the events it causes), and
// turns every failure into a typed error: a CommandError thrown by the handler keeps its code, any
// other exception becomes `internal`. No exception escapes dispatch().
// Thread-safety: all methods may be called concurrently from any thread; handlers run on the
// dispatching thread and must be thread-safe themselves.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "command_error.h"
#include "registration.h"

namespace georep::api {

enum class ParamType { kString, kInteger, kNumber, kBoolean, kObject, kArray };

struct ParamSpec {
  std::string name;
  ParamType type = ParamType::kString;
  bool required = false;
  std::string description;
  std::vector<std::string> enumValues;      // kString only: allowed values, when non-empty
  std::optional<std::int64_t> minimum;      // kInteger/kNumber: inclusive bounds
  std::optional<std::int64_t> maximum;
  std::optional<std::size_t> maxLength;     // kString only
  nlohmann::json defaultValue;              // filled in when absent (null = no default)
};

struct CommandSpec {
  std::string name;  // georep.<noun>.<verb>
  std::string description;
  std::vector<ParamSpec> params;
};

// What a handler sees besides its parameters.
struct CommandContext {
  std::string correlationId;
};

// Parameters arrive validated, with defaults filled in. Return the JSON result object or throw
// CommandError.
using CommandHandler = std::function<nlohmann::json(const nlohmann::json& params, const CommandContext& ctx)>;

struct CommandOutcome {
  std::string correlationId;
  bool ok = false;
  nlohmann::json result;             // when ok
  std::optional<CommandError> error; // when !ok
};

class CommandBus {
 public:
  virtual ~CommandBus() = default;

  // Registers a handler; the command exists until the returned Registration is reset or destroyed.
  // Throws std::invalid_argument if the name is already registered or malformed.
  virtual Registration registerHandler(CommandSpec spec, CommandHandler handler) = 0;

  virtual CommandOutcome dispatch(const std::string& name, const nlohmann::json& params) = 0;

  virtual std::vector<CommandSpec> commands() const = 0;
};

}  // namespace georep::api
