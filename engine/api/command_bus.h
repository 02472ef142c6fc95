// The command bus: plugins register named command handlers with a parameter schema; clients (HTTP,
// georepctl, tests) dispatch commands by name with a JSON object of parameters.
// Dispatch validates parameters against the schema (type, required, enum, range, unknown names) before
// the handler runs, gives each dispatch a correlation id (in logs and in the events it causes), and
// turns every failure into a typed error: a CommandError thrown by the handler keeps its code, any
// other exception becomes `internal`. No exception escapes dispatch().
// Roles: each command declares the role it needs (CommandSpec::role, admin unless it says otherwise);
// the bus refuses a caller whose role is lower with `forbidden`, right after finding the command and
// before looking at its parameters. dispatch() runs as the caller of the dispatch it is nested in, or as
// the engine itself (full rights) when called from outside any dispatch; dispatchAs() names the caller
// (the HTTP gateway, for an authenticated request).
// Thread-safety: all methods may be called concurrently from any thread; handlers run on the
// dispatching thread and must be thread-safe themselves.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "command_error.h"
#include "registration.h"

namespace georep::api {

// What a caller may do: viewer reads, operator runs lifecycle and config, admin changes inventory, users,
// destinations and anything that names a program or a key.
enum class Role { kViewer, kOperator, kAdmin };

inline std::string_view roleName(Role role) {
  switch (role) {
    case Role::kViewer: return "viewer";
    case Role::kOperator: return "operator";
    case Role::kAdmin: return "admin";
  }
  return "admin";
}

inline std::optional<Role> parseRole(std::string_view name) {
  if (name == "viewer") return Role::kViewer;
  if (name == "operator") return Role::kOperator;
  if (name == "admin") return Role::kAdmin;
  return std::nullopt;
}

// True when a caller holding `held` may run a command needing `needed`.
inline bool roleAllows(Role held, Role needed) {
  switch (needed) {
    case Role::kViewer: return true;
    case Role::kOperator: return held == Role::kOperator || held == Role::kAdmin;
    case Role::kAdmin: return held == Role::kAdmin;
  }
  return false;
}

// Who a dispatch runs for: "user:alice", "token:ci-bot@alice", or "engine" (the engine itself).
struct Caller {
  std::string actor;
  Role role = Role::kViewer;
  std::string user;          // the user behind it; empty for the engine itself
  std::int64_t tokenId = 0;  // the token the request presented; 0 for in-process callers

  static Caller engine() { return Caller{"engine", Role::kAdmin, {}, 0}; }
};

enum class ParamType { kString, kInteger, kNumber, kBoolean, kObject, kArray };

// The JSON (Schema) type name of a parameter type: "string", "integer", ...
inline std::string_view paramTypeName(ParamType type) {
  switch (type) {
    case ParamType::kString: return "string";
    case ParamType::kInteger: return "integer";
    case ParamType::kNumber: return "number";
    case ParamType::kBoolean: return "boolean";
    case ParamType::kObject: return "object";
    case ParamType::kArray: return "array";
  }
  return "string";
}

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
  bool secret = false;                      // a password: its value never appears in errors, logs or events
};

struct CommandSpec {
  std::string name;  // georep.<noun>.<verb>
  std::string description;
  std::vector<ParamSpec> params;
  Role role = Role::kAdmin;  // the least role allowed to run it; a command that says nothing needs admin
};

// What a handler sees besides its parameters.
struct CommandContext {
  std::string correlationId;
  Caller caller = Caller::engine();  // who runs this dispatch (already checked against the spec's role)
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

  // Runs as the caller of the enclosing dispatch on this thread, or as the engine outside any dispatch.
  virtual CommandOutcome dispatch(const std::string& name, const nlohmann::json& params) = 0;

  // Runs as `caller`: refused with `forbidden` when the command needs a higher role.
  virtual CommandOutcome dispatchAs(const Caller& caller, const std::string& name, const nlohmann::json& params) = 0;

  virtual std::vector<CommandSpec> commands() const = 0;
};

}  // namespace georep::api
