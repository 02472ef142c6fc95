// Internal helpers shared by the XML parsers (xml_*.cc): loading a gluster --xml answer into pugixml,
// checking the cliOutput envelope (opRet/opErrno/opErrstr) and turning fields into typed values.
// Not part of the gateway contract; include only from gluster/xml_*.cc and parse_debug.cc.
// Thread-safety: pure functions on caller-owned documents.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "gluster/model.h"

namespace georep::gluster::xml_detail {

struct Envelope {
  pugi::xml_node root;  // <cliOutput>
  int opRet = 0;
  int opErrno = 0;
  std::string_view opErrstr;  // points into the document
};

// Parses `xml` into `doc` and checks the envelope. Throws GatewayError kNotXml (empty or plain text),
// kMalformedXml (not well-formed, no cliOutput/opRet) or the classified refusal when opRet != 0.
// `what` names the document in messages ("status", "config", ...).
Envelope loadEnvelope(pugi::xml_document& doc, std::string_view xml, std::string_view what);

[[noreturn]] void malformed(std::string_view what, std::string_view detail);

// Text of an element (first PCDATA child), empty when absent.
inline std::string_view text(pugi::xml_node node) { return node.child_value(); }

// Required child element; throws kMalformedXml naming it when missing.
pugi::xml_node required(pugi::xml_node parent, const char* name, std::string_view what);

// "" and "N/A" are absent.
inline bool isAbsent(std::string_view v) { return v.empty() || v == "N/A"; }

std::optional<std::string> optionalText(std::string_view v);
// Integer fields; absent -> nullopt, non-numeric text -> kMalformedXml naming `field`.
std::optional<std::int64_t> optionalInt(std::string_view v, std::string_view what, std::string_view field);
std::int64_t requiredInt(std::string_view v, std::string_view what, std::string_view field);
// "%Y-%m-%d %H:%M:%S" UTC; absent -> nullopt; anything else -> kMalformedXml.
std::optional<TimePoint> optionalTime(std::string_view v, std::string_view what, std::string_view field);
// Yes/No; absent -> nullopt; anything else -> kMalformedXml.
std::optional<bool> optionalYesNo(std::string_view v, std::string_view what, std::string_view field);

// Parses a UTC "YYYY-MM-DD HH:MM:SS" (exactly); nullopt if it is not one.
std::optional<TimePoint> parseUtcTime(std::string_view v);

}  // namespace georep::gluster::xml_detail
