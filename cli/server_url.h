// ServerUrl: where georep-engine listens, from --url or GEOREP_URL: http://HOST[:PORT][/PREFIX]
// (HOST may be a name, an IPv4 address or a bracketed IPv6 address; PORT defaults to 80 as in any
// http URL; the engine's default is http://127.0.0.1:8470). Only plain http is supported: the engine
// listens on loopback.
// Thread-safety: a plain value.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace georep::cli {

inline constexpr const char* kDefaultServerUrl = "http://127.0.0.1:8470";

class UrlError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct ServerUrl {
  std::string host;        // without brackets
  std::uint16_t port = 80;
  std::string prefix;      // "" or "/something" without a trailing slash

  // The Host header value: host[:port], brackets around IPv6.
  std::string hostHeader() const;
  std::string toString() const;

  // Throws UrlError saying what is wrong.
  static ServerUrl parse(std::string_view url);
};

}  // namespace georep::cli
