// excerpt(): a caller-supplied name or value as it may appear in a message, a log line or an error's field,
// so that a hostile 100 KB name is never echoed whole: at most kExcerptBytes bytes (cut on a UTF-8
// boundary, then "…(N bytes)"), control characters replaced by '?'.
// Thread-safety: a pure function.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace georep::engine {

inline constexpr std::size_t kExcerptBytes = 64;

std::string excerpt(std::string_view text);

}  // namespace georep::engine
