// StaticPath: the request path of a web console file turned into safe path segments, or the reason it is
// refused. Runs before the file system is touched: the raw path (before '?') must start with '/', be at
// most kMaxPathBytes long, hold no NUL, backslash or control character, and every %XX escape must be
// well formed and decode to neither '/', '\', NUL nor a control character (an encoded slash or dot-dot
// cannot smuggle a separator past the split). After decoding, "" and "." segments are dropped, ".." and
// any segment starting with '.' (".git", ".env") are refused, at most kMaxSegments of at most 255 bytes.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace georep::engine {

struct StaticPath {
  static constexpr std::size_t kMaxPathBytes = 1024;
  static constexpr std::size_t kMaxSegments = 16;
  static constexpr std::size_t kMaxSegmentBytes = 255;

  enum class Refusal { kNone, kTooLong, kBadCharacter, kBadEscape, kEncodedSeparator, kDotSegment, kTooDeep };

  Refusal refusal = Refusal::kNone;
  std::vector<std::string> segments;  // decoded; empty = the root ("/")

  bool ok() const { return refusal == Refusal::kNone; }
  // Why the path was refused, for the error reply; empty when ok().
  std::string reason() const;

  static StaticPath parse(std::string_view rawPath);
};

}  // namespace georep::engine
