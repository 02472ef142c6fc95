#include "engine/src/common/excerpt.h"

namespace georep::engine {

std::string excerpt(std::string_view text) {
  std::size_t cut = text.size();
  if (cut > kExcerptBytes) {
    cut = kExcerptBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80) --cut;
  }
  std::string out;
  out.reserve(cut + 24);
  for (std::size_t i = 0; i < cut; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    out += (c < 0x20 || c == 0x7f) ? '?' : text[i];
  }
  if (cut < text.size()) out += "\u2026(" + std::to_string(text.size()) + " bytes)";
  return out;
}

}  // namespace georep::engine
