#include "engine/src/http/static_path.h"

#include <optional>

namespace georep::engine {
namespace {

bool isForbiddenByte(unsigned char c) { return c < 0x20 || c == 0x7f || c == '\\'; }

std::optional<int> hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return std::nullopt;
}

// Decodes one raw segment (no '/' in it). Sets refusal on a bad escape or a forbidden decoded byte.
std::string decodeSegment(std::string_view raw, StaticPath::Refusal& refusal) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '%') {
      out.push_back(raw[i]);
      continue;
    }
    if (i + 2 >= raw.size()) {
      refusal = StaticPath::Refusal::kBadEscape;
      return {};
    }
    const auto high = hexValue(raw[i + 1]);
    const auto low = hexValue(raw[i + 2]);
    if (!high || !low) {
      refusal = StaticPath::Refusal::kBadEscape;
      return {};
    }
    const auto c = static_cast<unsigned char>(*high * 16 + *low);
    if (c == '/' || c == '\\') {
      refusal = StaticPath::Refusal::kEncodedSeparator;
      return {};
    }
    if (isForbiddenByte(c)) {
      refusal = StaticPath::Refusal::kBadCharacter;
      return {};
    }
    out.push_back(static_cast<char>(c));
    i += 2;
  }
  return out;
}

}  // namespace

std::string StaticPath::reason() const {
  switch (refusal) {
    case Refusal::kNone: return {};
    case Refusal::kTooLong: return "the path is longer than " + std::to_string(kMaxPathBytes) + " bytes";
    case Refusal::kBadCharacter: return "the path holds a NUL, backslash or control character";
    case Refusal::kBadEscape: return "the path holds a malformed %-escape";
    case Refusal::kEncodedSeparator: return "the path holds an encoded slash or backslash";
    case Refusal::kDotSegment: return "the path holds a '..' or hidden ('.name') segment";
    case Refusal::kTooDeep:
      return "the path has more than " + std::to_string(kMaxSegments) + " segments or a segment longer than " +
             std::to_string(kMaxSegmentBytes) + " bytes";
  }
  return "the path is refused";
}

StaticPath StaticPath::parse(std::string_view rawPath) {
  StaticPath path;
  if (rawPath.size() > kMaxPathBytes) {
    path.refusal = Refusal::kTooLong;
    return path;
  }
  if (rawPath.empty() || rawPath.front() != '/') {
    path.refusal = Refusal::kBadCharacter;
    return path;
  }
  for (const char c : rawPath) {
    if (isForbiddenByte(static_cast<unsigned char>(c))) {
      path.refusal = Refusal::kBadCharacter;
      return path;
    }
  }
  std::size_t start = 1;
  while (start <= rawPath.size()) {
    const std::size_t slash = rawPath.find('/', start);
    const std::size_t end = slash == std::string_view::npos ? rawPath.size() : slash;
    std::string segment = decodeSegment(rawPath.substr(start, end - start), path.refusal);
    if (!path.ok()) return path;
    if (!segment.empty() && segment != ".") {
      if (segment.front() == '.') {
        path.refusal = Refusal::kDotSegment;
        return path;
      }
      if (segment.size() > kMaxSegmentBytes || path.segments.size() == kMaxSegments) {
        path.refusal = Refusal::kTooDeep;
        return path;
      }
      path.segments.push_back(std::move(segment));
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return path;
}

}  // namespace georep::engine
