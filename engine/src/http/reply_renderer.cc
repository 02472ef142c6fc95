#include "engine/src/http/reply_renderer.h"

#include <string>

#include "engine/src/http/route_dispatcher.h"
#include "engine/src/http/xml_writer.h"

namespace georep::engine {

void renderReply(HttpReply& reply, ReplyFormat format, std::string_view ifNoneMatch) {
  if (reply.noBody) return;
  if (!reply.contentType.empty()) return;  // rendered already, in its own media type (GET /metrics)
  if (format == ReplyFormat::kXml) {
    const api::XmlNaming fault{"fault", {}, {}, {}};
    reply.text = jsonToXml(reply.body, reply.status >= 400 ? fault : reply.xml);
  } else {
    reply.text = reply.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  reply.contentType = std::string(contentTypeOf(format));
  if (!reply.tagged || reply.status != 200) return;
  const std::string tag = entityTag(reply.text);
  reply.headers.emplace_back("ETag", tag);
  reply.headers.emplace_back("Vary", "Accept");
  if (!ifNoneMatch.empty() && ifNoneMatchHits(ifNoneMatch, tag)) {
    reply.status = 304;
    reply.noBody = true;
    reply.text.clear();
  }
}

}  // namespace georep::engine
