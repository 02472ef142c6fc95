#include "cli/server_url.h"

#include <charconv>

namespace georep::cli {

std::string ServerUrl::hostHeader() const {
  const std::string name = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return port == 80 ? name : name + ":" + std::to_string(port);
}

std::string ServerUrl::toString() const {
  const std::string name = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return "http://" + name + ":" + std::to_string(port) + prefix;
}

ServerUrl ServerUrl::parse(std::string_view url) {
  const std::string original(url);
  constexpr std::string_view kScheme = "http://";
  if (url.substr(0, 8) == "https://")
    throw UrlError("server URL '" + original + "': https is not supported (the engine serves plain http on loopback)");
  if (url.substr(0, kScheme.size()) != kScheme)
    throw UrlError("server URL '" + original + "' must start with http://");
  url.remove_prefix(kScheme.size());
  const auto slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view{} : url.substr(slash);
  if (path.find_first_of("?#") != std::string_view::npos)
    throw UrlError("server URL '" + original + "' must not have a query or fragment");
  if (authority.find('@') != std::string_view::npos)
    throw UrlError("server URL '" + original + "' must not carry credentials");

  ServerUrl result;
  std::string_view portText;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) throw UrlError("server URL '" + original + "': unclosed '[' in the host");
    result.host = std::string(authority.substr(1, close - 1));
    const auto rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') throw UrlError("server URL '" + original + "': unexpected text after ']'");
      portText = rest.substr(1);
      if (portText.empty()) throw UrlError("server URL '" + original + "': empty port");
    }
  } else {
    const auto colon = authority.find(':');
    result.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      portText = authority.substr(colon + 1);
      if (portText.empty()) throw UrlError("server URL '" + original + "': empty port");
    }
  }
  if (result.host.empty()) throw UrlError("server URL '" + original + "' has no host");
  if (!portText.empty()) {
    unsigned value = 0;
    const auto [ptr, ec] = std::from_chars(portText.data(), portText.data() + portText.size(), value);
    if (ec != std::errc{} || ptr != portText.data() + portText.size() || value < 1 || value > 65535)
      throw UrlError("server URL '" + original + "': port must be a number between 1 and 65535");
    result.port = static_cast<std::uint16_t>(value);
  }
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  result.prefix = std::string(path);
  return result;
}

}  // namespace georep::cli
