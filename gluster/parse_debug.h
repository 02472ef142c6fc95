// The debugging aid behind `georepctl gluster parse <kind> FILE`: parses a gluster XML answer with the
// plugin's own parsers and returns what was understood as JSON (model_json.h).
// Thread-safety: pure function.
#pragma once

#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace georep::gluster {

// kind: "status", "config", "volinfo", "volstatus" or "reply". Throws the parser's GatewayError;
// an unknown kind is GatewayError kInvalidInput (field "kind").
nlohmann::json parseForDebug(std::string_view kind, std::string_view text);

}  // namespace georep::gluster
