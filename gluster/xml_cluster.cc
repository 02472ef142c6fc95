// parseClusterOpVersion and parsePoolList (gluster/xml_parsers.h), on GlusterFS 10.3's answers:
// volume get all cluster.op-version: volGetopts/{count, Opt*/{Option, Value}};
// pool list: peerStatus/peer*/{uuid, hostname, connected} (this node is listed as "localhost").
#include <string>

#include "gluster/xml_detail.h"
#include "gluster/xml_parsers.h"

namespace georep::gluster {

std::int64_t parseClusterOpVersion(std::string_view xml) {
  constexpr std::string_view kWhat = "volume get all cluster.op-version";
  pugi::xml_document doc;
  const xml_detail::Envelope env = xml_detail::loadEnvelope(doc, xml, kWhat);
  const pugi::xml_node opts = xml_detail::required(env.root, "volGetopts", kWhat);
  for (pugi::xml_node opt = opts.child("Opt"); opt; opt = opt.next_sibling("Opt")) {
    if (xml_detail::text(opt.child("Option")) != "cluster.op-version") continue;
    const std::int64_t v = xml_detail::requiredInt(xml_detail::text(opt.child("Value")), kWhat, "Value");
    if (v <= 0) xml_detail::malformed(kWhat, "cluster.op-version is not positive");
    return v;
  }
  xml_detail::malformed(kWhat, "no cluster.op-version in the answer");
}

std::vector<Peer> parsePoolList(std::string_view xml) {
  constexpr std::string_view kWhat = "pool list";
  pugi::xml_document doc;
  const xml_detail::Envelope env = xml_detail::loadEnvelope(doc, xml, kWhat);
  const pugi::xml_node peers = xml_detail::required(env.root, "peerStatus", kWhat);
  std::vector<Peer> out;
  for (pugi::xml_node peer = peers.child("peer"); peer; peer = peer.next_sibling("peer")) {
    Peer p;
    p.uuid.assign(xml_detail::text(xml_detail::required(peer, "uuid", kWhat)));
    if (p.uuid.empty()) xml_detail::malformed(kWhat, "<peer> has an empty <uuid>");
    p.hostname.assign(xml_detail::text(peer.child("hostname")));
    p.connected = xml_detail::text(peer.child("connected")) == "1";
    out.push_back(std::move(p));
  }
  if (out.empty()) xml_detail::malformed(kWhat, "no peer listed (a node lists at least itself)");
  return out;
}

}  // namespace georep::gluster
