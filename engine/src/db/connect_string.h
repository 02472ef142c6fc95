// Helpers for PostgreSQL connect strings (libpq "key=value ..." or postgresql:// URI): masking the
// password for logs and error messages. Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace georep::engine {

// The connect string with any password replaced by "***", safe to log.
std::string maskConnectString(std::string_view connect);

}  // namespace georep::engine
