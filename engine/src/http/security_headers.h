// The security headers every HTTP reply of the engine carries, API and web console alike: a strict
// Content-Security-Policy (only the engine's own scripts, styles, fonts and images; no inline script, no
// eval, no framing, no plugins, no form posts elsewhere), X-Content-Type-Options: nosniff,
// Referrer-Policy: no-referrer, X-Frame-Options: DENY (for browsers without frame-ancestors) and a
// same-origin opener policy. The console (web/) is built to need nothing more: Vite emits external
// module scripts and stylesheets only.
// Thread-safety: constants.
#pragma once

#include <array>
#include <string_view>
#include <utility>

namespace georep::engine {

inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// Name and value of each header, in the order they are written.
const std::array<std::pair<std::string_view, std::string_view>, 5>& securityHeaders();

}  // namespace georep::engine
