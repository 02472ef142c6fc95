#include "engine/src/http/file_descriptor_limit.h"

#include <sys/resource.h>

#include <cerrno>
#include <cstring>

#include <spdlog/spdlog.h>

namespace georep::engine {

std::size_t raiseFileDescriptorLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
    spdlog::warn("http: cannot read the open-file limit: {}", std::strerror(errno));
    return 1024;
  }
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) {
      limit = raised;
    } else {
      spdlog::warn("http: cannot raise the open-file limit from {} to {}: {}", limit.rlim_cur, limit.rlim_max,
                   std::strerror(errno));
    }
  }
  return limit.rlim_cur == RLIM_INFINITY ? static_cast<std::size_t>(1) << 20 : static_cast<std::size_t>(limit.rlim_cur);
}

}  // namespace georep::engine
