// XML replies of the REST API: a JSON resource written as XML 1.0 in the element names an api::XmlNaming
// gives (the designs' names: <gluster_volumes><gluster_volume>..., <session_details><session_detail>...).
// The writer decides nothing but names: objects become elements of their fields, arrays an element per
// member (named by the array element's singular), strings/numbers/booleans text, null fields are left
// out. A JSON key that is not a safe XML name is written as <entry key="...">. Text is escaped so that any
// value yields well-formed XML: & < > " ' as entities, CR as &#13; (kept through parsing), and what XML 1.0
// cannot carry (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, invalid UTF-8, surrogates) as U+FFFD.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/api/routes.h"

namespace georep::engine {

// The whole document: <?xml version="1.0" encoding="UTF-8"?> then the root element, and a final newline.
std::string jsonToXml(const nlohmann::json& resource, const api::XmlNaming& naming);

// `text` as XML character data or attribute value (see above).
std::string xmlEscape(std::string_view text);

// True for the names this writer emits as elements: [A-Za-z_][A-Za-z0-9_.-]*, not starting with "xml".
bool isSafeXmlName(std::string_view name);

// The element of one member of an array element: "session_details" -> "session_detail",
// "replica_sets" -> "replica_set", "entries" -> "entry", otherwise name + "_item".
std::string singularOf(std::string_view arrayElement);

}  // namespace georep::engine
