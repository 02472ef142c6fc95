// PostgreSQL stores no NUL character in text, nor "\u0000" in jsonb: an event carrying one would be
// lost. These replace every U+0000 by U+FFFD (the replacement character), in strings and in object keys
// at any depth, so such an event is stored and delivered (with the NUL visibly replaced).
// Thread-safety: pure functions.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace georep::engine {

void replaceNul(std::string& text);

void replaceNul(nlohmann::json& value);

}  // namespace georep::engine
