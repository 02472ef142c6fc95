// Text edits used to derive test and benchmark documents from the real GlusterFS captures: cut an
// element out of a capture (between) and replace every occurrence of a string (replaceAll).
// Thread-safety: pure functions on their arguments; safe from any thread.
#pragma once

#include <stdexcept>
#include <string>

namespace georep::testing {

// The text from the first `open` through the next `close` (both included); throws std::runtime_error
// when the capture no longer has that shape.
inline std::string between(const std::string& text, const std::string& open, const std::string& close) {
  const auto a = text.find(open);
  const auto b = text.find(close, a);
  if (a == std::string::npos || b == std::string::npos) throw std::runtime_error("capture shape changed: " + open);
  return text.substr(a, b + close.size() - a);
}

// `text` with every occurrence of `from` replaced by `to` (left to right, replacements not rescanned).
inline std::string replaceAll(std::string text, const std::string& from, const std::string& to) {
  for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

}  // namespace georep::testing
