// `georepctl gluster parse` behind the scenes (gluster/parse_debug.h).
#include "gluster/parse_debug.h"

#include <string>

#include <nlohmann/json.hpp>

#include "gluster/errors.h"
#include "gluster/model_json.h"
#include "gluster/xml_parsers.h"

namespace georep::gluster {

nlohmann::json parseForDebug(std::string_view kind, std::string_view text) {
  if (kind == "status") return nlohmann::json(parseStatus(text));
  if (kind == "config") return configToJson(parseConfig(text));
  if (kind == "volinfo") return nlohmann::json(parseVolumeInfo(text));
  if (kind == "volstatus") return nlohmann::json(parseVolumeStatus(text));
  if (kind == "reply") return nlohmann::json(parseActionReply(text));
  std::string shown(kind.substr(0, 40));
  for (char& c : shown) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  throw GatewayError(ErrorKind::kInvalidInput,
                     "unknown parse kind \"" + shown + "\" (expected status, config, volinfo, volstatus or reply)", 0,
                     0, "kind");
}

}  // namespace georep::gluster
