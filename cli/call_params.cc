#include "cli/call_params.h"

#include <charconv>
#include <cstdint>

namespace georep::cli {
namespace {

bool isKeyChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '-';
}

// -?(0|[1-9][0-9]*) within int64.
bool parseInteger(std::string_view text, std::int64_t& value) {
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '-') digits.remove_prefix(1);
  if (digits.empty() || (digits.size() > 1 && digits.front() == '0')) return false;
  for (char c : digits)
    if (c < '0' || c > '9') return false;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc{} && ptr == text.data() + text.size();
}

nlohmann::json parseJson(std::string_view key, std::string_view text, const char* how) {
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    throw CallParamError("parameter '" + std::string(key) + "': " + how + " is not valid JSON (" + e.what() +
                         ")");
  }
}

}  // namespace

nlohmann::json inferParamValue(std::string_view key, std::string_view text) {
  if (text == "true") return true;
  if (text == "false") return false;
  std::int64_t integer = 0;
  if (parseInteger(text, integer)) return integer;
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') return std::string(text.substr(1, text.size() - 2));
  if (!text.empty() && (text.front() == '[' || text.front() == '{')) {
    try {
      return nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
      throw CallParamError("parameter '" + std::string(key) +
                           "': the value starts like a JSON array/object but is not valid JSON (" + e.what() +
                           "); to send it as a string, quote it: " + std::string(key) + "='\"...\"'");
    }
  }
  return std::string(text);
}

nlohmann::json parseCallParams(const std::vector<std::string>& args) {
  nlohmann::json params = nlohmann::json::object();
  for (const std::string& arg : args) {
    const auto eq = arg.find('=');
    if (eq == std::string::npos)
      throw CallParamError("argument '" + arg + "' is not key=value or key:=json");
    const bool forceJson = eq > 0 && arg[eq - 1] == ':';
    const std::string key = arg.substr(0, forceJson ? eq - 1 : eq);
    if (key.empty()) throw CallParamError("argument '" + arg + "' has no key before '='");
    for (char c : key)
      if (!isKeyChar(c))
        throw CallParamError("parameter name '" + key + "' may contain only letters, digits, '_', '.' and '-'");
    if (params.contains(key)) throw CallParamError("parameter '" + key + "' is given twice");
    const std::string_view value = std::string_view(arg).substr(eq + 1);
    params[key] = forceJson ? parseJson(key, value, "the value after ':='") : inferParamValue(key, value);
  }
  return params;
}

}  // namespace georep::cli
