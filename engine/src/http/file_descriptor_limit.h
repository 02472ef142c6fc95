// Raising the process's open-file limit (RLIMIT_NOFILE) from its soft value to its hard value, so the
// HTTP server can hold thousands of idle connections (each one is a file descriptor).
// Thread-safety: changes process-wide state; call from the thread that starts the server.
#pragma once

#include <cstddef>

namespace georep::engine {

// Raises the soft limit to the hard limit (when it can) and returns the soft limit now in force.
std::size_t raiseFileDescriptorLimit();

}  // namespace georep::engine
