#include "engine/src/http/xml_writer.h"

#include <cctype>
#include <cstdint>

namespace georep::engine {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The UTF-8 sequence at `at`: its length (0 when it is not valid UTF-8: then one byte is replaced) and
// whether XML 1.0 allows its character (a forbidden one is replaced whole).
struct Utf8Char {
  std::size_t length = 0;
  bool allowed = false;
};

Utf8Char utf8CharAt(std::string_view s, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(at);
  std::size_t length = 0;
  std::uint32_t cp = 0;
  if (lead < 0x80) {
    return {1, lead >= 0x20 || lead == '\t' || lead == '\n' || lead == '\r'};
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2;
    cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    cp = lead & 0x07;
  } else {
    return {};
  }
  if (at + length > s.size()) return {};
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return {};
    cp = (cp << 6) | (byte(at + i) & 0x3F);
  }
  const bool overlong = (length == 2 && cp < 0x80) || (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000);
  const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
  if (overlong || surrogate || cp > 0x10FFFF) return {};
  return {length, cp != 0xFFFE && cp != 0xFFFF};
}

std::string elementName(const std::string& key, const api::XmlNaming& naming) {
  for (const auto& [from, to] : naming.names)
    if (from == key) return to;
  return key;
}

void writeValue(std::string& out, const std::string& element, const std::string& keyAttribute,
                const nlohmann::json& value, const api::XmlNaming& naming);

void writeFields(std::string& out, const nlohmann::json& object, const api::XmlNaming& naming,
                 const std::string& skip = {}) {
  for (const auto& [key, value] : object.items()) {
    if (key == skip) continue;
    const std::string name = elementName(key, naming);
    if (isSafeXmlName(name))
      writeValue(out, name, {}, value, naming);
    else
      writeValue(out, "entry", key, value, naming);
  }
}

void openTag(std::string& out, const std::string& element, const std::string& keyAttribute) {
  out += '<';
  out += element;
  if (!keyAttribute.empty()) out += " key=\"" + xmlEscape(keyAttribute) + '"';
}

void writeValue(std::string& out, const std::string& element, const std::string& keyAttribute,
                const nlohmann::json& value, const api::XmlNaming& naming) {
  if (value.is_null()) return;
  openTag(out, element, keyAttribute);
  if ((value.is_object() || value.is_array()) && value.empty()) {
    out += "/>";
    return;
  }
  out += '>';
  if (value.is_object()) {
    writeFields(out, value, naming);
  } else if (value.is_array()) {
    const std::string item = singularOf(element);
    for (const auto& member : value) writeValue(out, item, {}, member, naming);
  } else if (value.is_string()) {
    out += xmlEscape(value.get_ref<const std::string&>());
  } else {
    out += value.dump();
  }
  out += "</" + element + '>';
}

}  // namespace

std::string xmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto [length, allowed] = utf8CharAt(text, i);
    if (length == 0 || !allowed) {
      out += kReplacement;
      i += length == 0 ? 1 : length;
      continue;
    }
    if (length == 1) {
      switch (text[i]) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;  // so "]]>" never appears in character data
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        case '\r': out += "&#13;"; break;  // a literal CR would be read back as LF
        default: out += text[i];
      }
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

bool isSafeXmlName(std::string_view name) {
  if (name.empty()) return false;
  const auto first = static_cast<unsigned char>(name.front());
  if (!(std::isalpha(first) || first == '_')) return false;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (!(std::isalnum(u) || c == '_' || c == '.' || c == '-') || u >= 0x80) return false;
  }
  if (name.size() >= 3) {
    const auto lower = [&](std::size_t i) { return static_cast<char>(std::tolower(static_cast<unsigned char>(name[i]))); };
    if (lower(0) == 'x' && lower(1) == 'm' && lower(2) == 'l') return false;
  }
  return true;
}

std::string singularOf(std::string_view arrayElement) {
  const std::string name(arrayElement);
  if (name.size() > 3 && name.compare(name.size() - 3, 3, "ies") == 0) return name.substr(0, name.size() - 3) + "y";
  if (name.size() > 1 && name.back() == 's' && name[name.size() - 2] != 's') return name.substr(0, name.size() - 1);
  return name + "_item";
}

std::string jsonToXml(const nlohmann::json& resource, const api::XmlNaming& naming) {
  const std::string root = naming.root.empty() ? "result" : naming.root;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + root;
  const bool isCollection = !naming.collection.empty() && resource.is_object() &&
                            resource.contains(naming.collection) && resource[naming.collection].is_array();
  if (!isCollection) {
    if (resource.is_object() && !resource.empty()) {
      out += '>';
      writeFields(out, resource, naming);
      out += "</" + root + ">\n";
    } else if (resource.is_object() || resource.is_null()) {
      out += "/>\n";
    } else {
      out.erase(out.size() - root.size() - 1);
      writeValue(out, root, {}, resource, naming);
      out += '\n';
    }
    return out;
  }
  // A collection: its scalar fields (total, last_id, cluster) as attributes of the root, its members as
  // the root's children, any other field as an element before them.
  for (const auto& [key, value] : resource.items()) {
    if (key == naming.collection || value.is_null() || value.is_structured() || !isSafeXmlName(key)) continue;
    out += ' ' + key + "=\"" + xmlEscape(value.is_string() ? value.get_ref<const std::string&>() : value.dump()) + '"';
  }
  out += '>';
  for (const auto& [key, value] : resource.items()) {
    if (key == naming.collection || !(value.is_structured() || !isSafeXmlName(key))) continue;
    writeValue(out, isSafeXmlName(key) ? elementName(key, naming) : "entry", isSafeXmlName(key) ? "" : key, value, naming);
  }
  const std::string item = naming.item.empty() ? singularOf(root) : naming.item;
  for (const auto& member : resource[naming.collection]) writeValue(out, item, {}, member, naming);
  out += "</" + root + ">\n";
  return out;
}

}  // namespace georep::engine
