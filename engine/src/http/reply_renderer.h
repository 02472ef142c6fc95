// The last step of every routed request: the reply's JSON body written in the negotiated format (JSON, or
// XML in the reply's element names; an error as <fault>), and for a resource read (HttpReply::tagged) a
// strong ETag of exactly those bytes with `Vary: Accept`, If-None-Match answered 304 without a body.
// Thread-safety: pure function.
#pragma once

#include <string_view>

#include "engine/src/http/http_router.h"
#include "engine/src/http/reply_format.h"

namespace georep::engine {

// Fills reply.text and reply.contentType (nothing for a reply without a body, or one whose contentType
// is set already: its text is sent as it is).
void renderReply(HttpReply& reply, ReplyFormat format, std::string_view ifNoneMatch);

}  // namespace georep::engine
