// ISO-8601 UTC timestamps as the API shows them: "2026-12-01T03:14:17.123Z" (milliseconds, 'Z').
// Thread-safety: pure function.
#pragma once

#include <chrono>
#include <string>

namespace georep::engine {

std::string isoTime(std::chrono::system_clock::time_point time);

}  // namespace georep::engine
