#include "engine/src/commands/param_validator.h"

#include <algorithm>
#include <limits>
#include <regex>
#include <set>
#include <stdexcept>
#include <string_view>

#include "engine/src/common/excerpt.h"

namespace georep::engine {
namespace {

using api::CommandError;
using api::ErrorCode;
using api::ParamSpec;
using api::ParamType;

const char* typeName(ParamType type) {
  switch (type) {
    case ParamType::kString: return "a string";
    case ParamType::kInteger: return "an integer";
    case ParamType::kNumber: return "a number";
    case ParamType::kBoolean: return "a boolean";
    case ParamType::kObject: return "an object";
    case ParamType::kArray: return "an array";
  }
  return "a value";
}

bool hasType(const nlohmann::json& value, ParamType type) {
  switch (type) {
    case ParamType::kString: return value.is_string();
    case ParamType::kInteger: return value.is_number_integer();
    case ParamType::kNumber: return value.is_number();
    case ParamType::kBoolean: return value.is_boolean();
    case ParamType::kObject: return value.is_object();
    case ParamType::kArray: return value.is_array();
  }
  return false;
}

std::size_t utf8Length(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; }));
}

CommandError invalid(const std::string& field, const std::string& message) {
  const std::string shown = excerpt(field);
  return CommandError(ErrorCode::kInvalidArgument, "parameter '" + shown + "' " + message, shown);
}

void checkValue(const ParamSpec& p, const nlohmann::json& value) {
  if (!hasType(value, p.type)) {
    throw invalid(p.name, std::string("must be ") + typeName(p.type) + ", got " + value.type_name());
  }
  if (p.type == ParamType::kString) {
    const auto& s = value.get_ref<const std::string&>();
    if (p.maxLength && utf8Length(s) > *p.maxLength) {
      throw invalid(p.name, "is longer than " + std::to_string(*p.maxLength) + " characters");
    }
    if (!p.enumValues.empty() && std::find(p.enumValues.begin(), p.enumValues.end(), s) == p.enumValues.end()) {
      std::string allowed;
      for (const auto& v : p.enumValues) allowed += (allowed.empty() ? "" : ", ") + v;
      throw invalid(p.name, "must be one of: " + allowed);
    }
  }
  if (p.type == ParamType::kInteger) {
    if (value.is_number_unsigned() &&
        value.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      throw invalid(p.name, p.maximum ? "must be at most " + std::to_string(*p.maximum) : "is out of range");
    }
    const auto n = value.get<std::int64_t>();
    if (p.minimum && n < *p.minimum) throw invalid(p.name, "must be at least " + std::to_string(*p.minimum));
    if (p.maximum && n > *p.maximum) throw invalid(p.name, "must be at most " + std::to_string(*p.maximum));
  }
  if (p.type == ParamType::kNumber) {
    const double d = value.get<double>();
    if (p.minimum && d < static_cast<double>(*p.minimum)) {
      throw invalid(p.name, "must be at least " + std::to_string(*p.minimum));
    }
    if (p.maximum && d > static_cast<double>(*p.maximum)) {
      throw invalid(p.name, "must be at most " + std::to_string(*p.maximum));
    }
  }
}

}  // namespace

nlohmann::json validateParams(const api::CommandSpec& spec, const nlohmann::json& params) {
  if (!params.is_null() && !params.is_object()) {
    throw CommandError(ErrorCode::kInvalidArgument,
                       std::string("parameters must be a JSON object, got ") + params.type_name());
  }
  nlohmann::json out = params.is_null() ? nlohmann::json::object() : params;
  for (const auto& [name, value] : out.items()) {
    const bool known = std::any_of(spec.params.begin(), spec.params.end(), [&](const auto& p) { return p.name == name; });
    if (!known) {
      std::string accepted;
      for (const auto& p : spec.params) accepted += (accepted.empty() ? "" : ", ") + p.name;
      throw invalid(name, "is not a parameter of " + spec.name +
                              (accepted.empty() ? " (it takes none)" : " (it takes: " + accepted + ")"));
    }
  }
  for (const auto& p : spec.params) {
    auto it = out.find(p.name);
    if (it == out.end() || it->is_null()) {
      if (!p.defaultValue.is_null()) {
        out[p.name] = p.defaultValue;
      } else if (p.required) {
        throw invalid(p.name, "is required");
      } else if (it != out.end()) {
        out.erase(it);  // an explicit null for an optional parameter means "absent"
      }
      continue;
    }
    checkValue(p, *it);
  }
  return out;
}

void checkCommandSpec(const api::CommandSpec& spec) {
  static const std::regex kName(R"(^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*$)");
  if (spec.name.empty() || spec.name.size() > 128 || !std::regex_match(spec.name, kName)) {
    throw std::invalid_argument("malformed command name '" + spec.name +
                                "' (lowercase words separated by dots, e.g. georep.session.start)");
  }
  std::set<std::string> names;
  for (const auto& p : spec.params) {
    if (p.name.empty()) throw std::invalid_argument("command " + spec.name + " has a parameter with no name");
    if (!names.insert(p.name).second) {
      throw std::invalid_argument("command " + spec.name + " declares parameter '" + p.name + "' twice");
    }
    if (p.type != ParamType::kString && (!p.enumValues.empty() || p.maxLength)) {
      throw std::invalid_argument("command " + spec.name + " parameter '" + p.name +
                                  "': enum values and maxLength apply to strings only");
    }
    if (!p.defaultValue.is_null()) {
      try {
        checkValue(p, p.defaultValue);
      } catch (const CommandError& e) {
        throw std::invalid_argument("command " + spec.name + ": the default of " + e.what());
      }
    }
  }
}

}  // namespace georep::engine
