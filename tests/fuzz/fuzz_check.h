// Shared checks for the libFuzzer targets: a parser may only ever throw GatewayError (any other exception
// escapes and libFuzzer reports it as a crash), and what it returns must satisfy the model's invariants.
// Thread-safety: single-threaded fuzz harness.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "gluster/errors.h"

namespace georep::fuzz {

// Aborts (a libFuzzer crash) when an invariant does not hold.
inline void check(bool ok) {
  if (!ok) __builtin_trap();
}

inline std::string_view asText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Refusals, non-XML and malformed XML are the only ways a parser may fail.
inline void checkParserError(const gluster::GatewayError& e) {
  const auto k = e.kind();
  check(k == gluster::ErrorKind::kNotXml || k == gluster::ErrorKind::kMalformedXml || e.isRefusal());
  check(e.what() != nullptr);
}

}  // namespace georep::fuzz
