// libFuzzer target: parseSessionKey; an accepted key splits into clean parts that rebuild it.
#include <string>

#include "fuzz_check.h"
#include "gluster/session_key.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace georep;
  const std::string_view raw = fuzz::asText(data, size);
  try {
    const gluster::SessionKey key = gluster::parseSessionKey(raw);
    fuzz::check(key.raw == raw);
    for (const std::string* part : {&key.secondaryUser, &key.secondaryHost, &key.secondaryVolume}) {
      fuzz::check(!part->empty());
      for (char c : *part) fuzz::check(static_cast<unsigned char>(c) > 0x20 && c != 0x7f && c != '/');
    }
    const std::string rebuilt = key.creatorUuid + ":ssh://" +
                                (raw.find('@') != std::string_view::npos ? key.secondaryUser + "@" : std::string()) +
                                key.secondaryHost + "::" + key.secondaryVolume + ":" + key.secondaryVolumeUuid;
    fuzz::check(rebuilt == raw);
  } catch (const gluster::GatewayError& e) {
    fuzz::check(e.kind() == gluster::ErrorKind::kMalformedXml);
  }
  return 0;
}
