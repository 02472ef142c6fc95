// parseConfig and parseActionReply (gluster/xml_parsers.h): `config` (all keys) lists
// geoRep/config/<key>value</key>; actions answer geoRep/{primary|master, secondary|slave} or, for config
// set/reset, geoRep/config/message.
#include <string>

#include "gluster/errors.h"
#include "gluster/xml_detail.h"
#include "gluster/xml_parsers.h"

namespace georep::gluster {

ConfigMap parseConfig(std::string_view xml) {
  constexpr std::string_view kWhat = "config";
  pugi::xml_document doc;
  const xml_detail::Envelope env = xml_detail::loadEnvelope(doc, xml, kWhat);
  const pugi::xml_node geoRep = xml_detail::required(env.root, "geoRep", kWhat);
  const pugi::xml_node config = xml_detail::required(geoRep, "config", kWhat);
  ConfigMap out;
  for (pugi::xml_node item = config.first_child(); item; item = item.next_sibling()) {
    if (item.type() != pugi::node_element) continue;
    if (item.first_child().type() == pugi::node_element) {
      xml_detail::malformed(kWhat, std::string("<") + item.name() + "> is not a key/value element");
    }
    out.emplace(item.name(), xml_detail::text(item));
  }
  return out;
}

ActionReply parseActionReply(std::string_view xml) {
  constexpr std::string_view kWhat = "reply";
  pugi::xml_document doc;
  const xml_detail::Envelope env = xml_detail::loadEnvelope(doc, xml, kWhat);
  const pugi::xml_node geoRep = xml_detail::required(env.root, "geoRep", kWhat);
  ActionReply reply;
  pugi::xml_node primary = geoRep.child("primary");
  if (!primary) primary = geoRep.child("master");
  pugi::xml_node secondary = geoRep.child("secondary");
  if (!secondary) secondary = geoRep.child("slave");
  const pugi::xml_node config = geoRep.child("config");
  if (!primary && !config) {
    xml_detail::malformed(kWhat, "<geoRep> has neither <primary>/<master> nor <config>");
  }
  reply.primary.assign(xml_detail::text(primary));
  reply.secondary.assign(xml_detail::text(secondary));
  if (!env.opErrstr.empty()) {
    reply.message.assign(env.opErrstr);
  } else {
    reply.message.assign(xml_detail::text(config.child("message")));
  }
  return reply;
}

}  // namespace georep::gluster
