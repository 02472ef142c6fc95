// The Content-Type of a web console file, from its file name's extension (the files a Vite build emits:
// html, js, css, svg, fonts, images, source maps). Unknown extensions are application/octet-stream, so
// that with nosniff a browser never runs or renders them.
// Thread-safety: pure function.
#pragma once

#include <string_view>

namespace georep::engine {

std::string_view staticContentType(std::string_view fileName);

}  // namespace georep::engine
