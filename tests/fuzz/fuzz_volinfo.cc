// libFuzzer target: parseVolumeInfo.
#include "fuzz_check.h"
#include "gluster/xml_parsers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace georep;
  try {
    for (const auto& volume : gluster::parseVolumeInfo(fuzz::asText(data, size))) {
      fuzz::check(!volume.name.empty());
      fuzz::check(volume.replicaSetWidth() >= 1);
      for (const auto& brick : volume.bricks) fuzz::check(!brick.host.empty() && !brick.path.empty() && brick.path[0] == '/');
    }
  } catch (const gluster::GatewayError& e) {
    fuzz::checkParserError(e);
  }
  return 0;
}
