// Typed command errors: what a command handler throws to refuse a command, and what the command bus
// returns to callers. The codes are the contract with every client (HTTP, georepctl).
// Thread-safety: plain values; safe to copy between threads.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace georep::api {

enum class ErrorCode {
  kInvalidArgument,  // a parameter is wrong; `field` names it
  kNotFound,         // the object named does not exist
  kConflict,         // the object's state forbids the command
  kUnavailable,      // no reachable host / dependency down
  kGlusterError,     // glusterd refused; its message is kept in `message`
  kInternal,         // a bug or unexpected failure
  kUnauthenticated,  // no valid credentials (missing, wrong, expired or revoked token)
  kForbidden,        // the caller's role does not allow the command
  kRateLimited,      // too many attempts; `details.retry_after_seconds` says when to try again
};

inline std::string_view errorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kGlusterError: return "gluster_error";
    case ErrorCode::kInternal: return "internal";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kForbidden: return "forbidden";
    case ErrorCode::kRateLimited: return "rate_limited";
  }
  return "internal";
}

// Thrown by handlers; caught by the command bus and turned into a typed error reply.
class CommandError : public std::runtime_error {
 public:
  CommandError(ErrorCode code, std::string message, std::string field = {},
               nlohmann::json details = nlohmann::json::object())
      : std::runtime_error(message), code_(code), field_(std::move(field)), details_(std::move(details)) {}

  ErrorCode code() const { return code_; }
  // The parameter at fault, for kInvalidArgument; empty otherwise.
  const std::string& field() const { return field_; }
  // Extra machine-readable context (e.g. glusterd's opErrno, the current state).
  const nlohmann::json& details() const { return details_; }

  nlohmann::json toJson() const {
    nlohmann::json j{{"code", errorCodeName(code_)}, {"message", what()}};
    if (!field_.empty()) j["field"] = field_;
    if (!details_.empty()) j["details"] = details_;
    return j;
  }

 private:
  ErrorCode code_;
  std::string field_;
  nlohmann::json details_;
};

inline CommandError invalidArgument(std::string field, std::string message) {
  return CommandError(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}

}  // namespace georep::api
