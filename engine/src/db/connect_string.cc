#include "engine/src/db/connect_string.h"

#include <cctype>

namespace georep::engine {
namespace {

bool startsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

// postgresql://user:secret@host/db?password=x -> postgresql://user:***@host/db?password=***
std::string maskUri(std::string_view uri) {
  std::string out(uri);
  const auto schemeEnd = out.find("://");
  const auto authorityStart = schemeEnd + 3;
  const auto authorityEnd = out.find_first_of("/?", authorityStart);
  const auto at = out.rfind('@', authorityEnd == std::string::npos ? out.size() : authorityEnd);
  if (at != std::string::npos && at > authorityStart) {
    const auto colon = out.find(':', authorityStart);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  for (std::size_t pos = out.find("password="); pos != std::string::npos; pos = out.find("password=", pos + 1)) {
    if (pos > 0 && out[pos - 1] != '?' && out[pos - 1] != '&') continue;
    const auto valueStart = pos + 9;
    const auto valueEnd = out.find('&', valueStart);
    out.replace(valueStart, (valueEnd == std::string::npos ? out.size() : valueEnd) - valueStart, "***");
  }
  return out;
}

// key=value pairs separated by spaces; values may be single-quoted with backslash escapes.
std::string maskKeywords(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    if (std::isspace(static_cast<unsigned char>(s[i]))) {
      out += s[i++];
      continue;
    }
    const auto keyStart = i;
    while (i < s.size() && s[i] != '=' && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    const std::string_view key = s.substr(keyStart, i - keyStart);
    out += key;
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) out += s[i++];
    if (i >= s.size() || s[i] != '=') continue;
    out += s[i++];
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) out += s[i++];
    const auto valueStart = i;
    // Up to the next whitespace outside quotes (quoted parts may follow each other: mask them all).
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) {
      if (s[i] == '\'') {
        ++i;
        while (i < s.size() && s[i] != '\'') i += (s[i] == '\\' && i + 1 < s.size()) ? 2 : 1;
        if (i < s.size()) ++i;
      } else {
        i += (s[i] == '\\' && i + 1 < s.size()) ? 2 : 1;
      }
    }
    if (key == "password") {
      out += "***";
    } else {
      out += s.substr(valueStart, std::min(i, s.size()) - valueStart);
    }
  }
  return out;
}

}  // namespace

std::string maskConnectString(std::string_view connect) {
  if (startsWithNoCase(connect, "postgresql://") || startsWithNoCase(connect, "postgres://")) {
    return maskUri(connect);
  }
  return maskKeywords(connect);
}

}  // namespace georep::engine
