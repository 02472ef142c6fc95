// libFuzzer target: parseActionReply (create/start/stop/... replies and refusals).
#include "fuzz_check.h"
#include "gluster/xml_parsers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace georep;
  try {
    const gluster::ActionReply reply = gluster::parseActionReply(fuzz::asText(data, size));
    (void)reply;
  } catch (const gluster::GatewayError& e) {
    fuzz::checkParserError(e);
    if (e.isRefusal()) fuzz::check(e.opRet() != 0);
  }
  return 0;
}
