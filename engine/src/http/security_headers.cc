#include "engine/src/http/security_headers.h"

namespace georep::engine {

const std::array<std::pair<std::string_view, std::string_view>, 5>& securityHeaders() {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kHeaders{{
      {"Content-Security-Policy", kContentSecurityPolicy},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
  }};
  return kHeaders;
}

}  // namespace georep::engine
