#include "engine/src/http/route_template.h"

#include <algorithm>

namespace georep::engine {
namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path.front() != '/') return out;
  path.remove_prefix(1);
  while (true) {
    const auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool isVariable(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

bool isVariableName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace

std::optional<std::string> percentDecode(std::string_view in, bool plusIsSpace) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+' && plusIsSpace) {
      out += ' ';
    } else if (in[i] == '%') {
      if (i + 2 >= in.size()) return std::nullopt;
      const int hi = hexValue(in[i + 1]), lo = hexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += in[i];
    }
  }
  return out;
}

std::string percentEncodeSegment(std::string_view in) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : in) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::optional<std::vector<std::string>> templateVariables(std::string_view pathTemplate) {
  if (pathTemplate.substr(0, 5) != "/api/") return std::nullopt;
  std::vector<std::string> names;
  for (const auto segment : segments(pathTemplate)) {
    if (segment.empty()) return std::nullopt;
    if (isVariable(segment)) {
      const std::string name(segment.substr(1, segment.size() - 2));
      if (!isVariableName(name) || std::find(names.begin(), names.end(), name) != names.end()) return std::nullopt;
      names.push_back(name);
    } else if (segment.find_first_of("{}%?#") != std::string_view::npos) {
      return std::nullopt;
    }
  }
  return names;
}

std::optional<PathVariables> matchTemplate(std::string_view pathTemplate, std::string_view path) {
  const auto want = segments(pathTemplate);
  const auto got = segments(path);
  if (want.size() != got.size()) return std::nullopt;
  PathVariables vars;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (isVariable(want[i])) {
      if (got[i].empty()) return std::nullopt;
      auto value = percentDecode(got[i], false);
      if (!value || value->empty()) return std::nullopt;
      vars.emplace_back(std::string(want[i].substr(1, want[i].size() - 2)), std::move(*value));
    } else if (want[i] != got[i]) {
      return std::nullopt;
    }
  }
  return vars;
}

std::optional<std::string> fillTemplate(std::string_view pathTemplate,
                                        const std::function<std::optional<std::string>(const std::string&)>& lookup) {
  std::string out;
  for (const auto segment : segments(pathTemplate)) {
    out += '/';
    if (isVariable(segment)) {
      const auto value = lookup(std::string(segment.substr(1, segment.size() - 2)));
      if (!value) return std::nullopt;
      out += percentEncodeSegment(*value);
    } else {
      out += segment;
    }
  }
  return out;
}

}  // namespace georep::engine
