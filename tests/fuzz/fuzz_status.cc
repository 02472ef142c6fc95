// libFuzzer target: parseStatus (geo-replication status XML).
#include "fuzz_check.h"
#include "gluster/xml_parsers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace georep;
  try {
    const gluster::StatusReport report = gluster::parseStatus(fuzz::asText(data, size));
    for (const auto& session : report.sessions) {
      fuzz::check(!session.primaryVolume.empty());
      fuzz::check(!session.key.secondaryHost.empty() && !session.key.secondaryVolume.empty());
      fuzz::check(session.key.creatorUuid.size() == 36 && session.key.secondaryVolumeUuid.size() == 36);
      for (const auto& brick : session.bricks) {
        fuzz::check(!brick.primaryBrick.empty());
        fuzz::check(gluster::parseWorkerStatus(brick.rawStatus) == brick.status);
      }
    }
  } catch (const gluster::GatewayError& e) {
    fuzz::checkParserError(e);
  }
  return 0;
}
