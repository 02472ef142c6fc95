// JSON nesting-depth check over raw request text, run BEFORE nlohmann parses it: nlohmann's parser,
// copies and dump() recurse once per level, so a body of 200,000 '[' overflows a thread's stack. The
// scanner is a single pass with no recursion and no allocation; it respects strings and their escapes
// ("[" inside a string is not nesting) and does not validate anything else (the parser does that).
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string_view>

namespace georep::engine {

// The most arrays/objects any request body may nest; deeper bodies are refused as invalid_argument.
inline constexpr std::size_t kMaxJsonNestingDepth = 64;

// The deepest nesting of '[' and '{' outside strings in text. Stops scanning as soon as the depth
// exceeds stopAbove and returns stopAbove + 1 then. Unbalanced closers never take the depth below 0.
std::size_t jsonNestingDepth(std::string_view text, std::size_t stopAbove = static_cast<std::size_t>(-1) - 1);

// True when text nests deeper than maxDepth.
inline bool jsonNestsDeeperThan(std::string_view text, std::size_t maxDepth) {
  return jsonNestingDepth(text, maxDepth) > maxDepth;
}

}  // namespace georep::engine
