// libFuzzer target: jsonNestingDepth, the scan that guards nlohmann from deep bodies. The early stop agrees
// with the full scan, and on every body nlohmann accepts, the scanned depth is the depth nlohmann's own
// (iterative, SAX) parser sees: strings and escapes are never mistaken for nesting, nor nesting missed.
#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/src/http/json_nesting.h"
#include "fuzz_check.h"

namespace {

// Records the deepest array/object nesting the parser reports.
struct DepthSax : nlohmann::json_sax<nlohmann::json> {
  std::size_t depth = 0;
  std::size_t deepest = 0;

  bool open() {
    deepest = std::max(deepest, ++depth);
    return true;
  }
  bool close() {
    --depth;
    return true;
  }
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return open(); }
  bool key(string_t&) override { return true; }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace georep;
  const std::string_view text = fuzz::asText(data, size);
  const std::size_t depth = engine::jsonNestingDepth(text);
  constexpr std::size_t kStop = 8;
  fuzz::check(engine::jsonNestingDepth(text, kStop) == std::min(depth, kStop + 1));
  // nlohmann's lexer takes a NUL between tokens for the end of input: the document it parses is the text
  // before it (the scan, which reads on, can only count more, so it never lets a deeper body through).
  const std::string_view document = text.substr(0, text.find('\0'));
  DepthSax sax;
  if (nlohmann::json::sax_parse(document.begin(), document.end(), &sax)) {
    fuzz::check(sax.deepest == engine::jsonNestingDepth(document));
    fuzz::check(sax.deepest <= depth);
  }
  return 0;
}
