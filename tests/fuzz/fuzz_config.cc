// libFuzzer target: parseConfig (geo-replication config XML).
#include "fuzz_check.h"
#include "gluster/xml_parsers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace georep;
  try {
    const gluster::ConfigMap config = gluster::parseConfig(fuzz::asText(data, size));
    for (const auto& [key, value] : config) fuzz::check(!key.empty());
  } catch (const gluster::GatewayError& e) {
    fuzz::checkParserError(e);
  }
  return 0;
}
