// libFuzzer target: parseVolumeStatus.
#include "fuzz_check.h"
#include "gluster/xml_parsers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace georep;
  try {
    for (const auto& volume : gluster::parseVolumeStatus(fuzz::asText(data, size))) {
      fuzz::check(!volume.name.empty());
      for (const auto& brick : volume.bricks) {
        fuzz::check(!brick.path.empty() && brick.path[0] == '/');
        fuzz::check(!brick.port || (*brick.port > 0 && *brick.port <= 65535));
        fuzz::check(!brick.pid || *brick.pid > 0);
      }
    }
  } catch (const gluster::GatewayError& e) {
    fuzz::checkParserError(e);
  }
  return 0;
}
