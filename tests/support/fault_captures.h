// The real gsyncd.log excerpts of Faulty workers captured on the GlusterFS lab
// (tests/fixtures/gsyncd-faults/capture.sh): rsync_false.log, ssh_key_removed.log, secondary_read_only.log.
// Their bricks are the lab's: kLabBrick1 / kLabBrick2.
// Thread-safety: pure functions.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace georep::testing {

inline constexpr const char* kLabBrick1 = "/var/lib/georep-lab/bricks/labprimary-1";
inline constexpr const char* kLabBrick2 = "/var/lib/georep-lab/bricks/labprimary-2";

inline std::string readFaultCapture(const std::string& name) {
  const std::filesystem::path path = std::filesystem::path(GEOREP_FAULT_CAPTURES_DIR) / name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("missing capture " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace georep::testing
