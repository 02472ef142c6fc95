// Content negotiation of the REST API (Accept -> JSON, XML or 406).
#include "engine/src/http/reply_format.h"

#include <gtest/gtest.h>

namespace georep::engine {
namespace {

TEST(ReplyFormat, JsonUnlessXmlIsPreferred) {
  EXPECT_EQ(negotiateReplyFormat(""), ReplyFormat::kJson);
  EXPECT_EQ(negotiateReplyFormat("*/*"), ReplyFormat::kJson);
  EXPECT_EQ(negotiateReplyFormat("application/json"), ReplyFormat::kJson);
  EXPECT_EQ(negotiateReplyFormat("application/xml"), ReplyFormat::kXml);
  EXPECT_EQ(negotiateReplyFormat("Application/XML; charset=utf-8"), ReplyFormat::kXml);
  EXPECT_EQ(negotiateReplyFormat("text/xml"), ReplyFormat::kXml);
  EXPECT_EQ(negotiateReplyFormat("application/xml, */*"), ReplyFormat::kXml);  // the specific range wins
  EXPECT_EQ(negotiateReplyFormat("application/xml;q=0.5, application/json"), ReplyFormat::kJson);
  EXPECT_EQ(negotiateReplyFormat("application/json;q=0.2, application/xml;q=0.9"), ReplyFormat::kXml);
  EXPECT_EQ(negotiateReplyFormat("application/json;q=0, */*"), ReplyFormat::kXml);
  EXPECT_EQ(negotiateReplyFormat("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"), ReplyFormat::kXml);
  EXPECT_EQ(negotiateReplyFormat("application/*"), ReplyFormat::kJson);
}

TEST(ReplyFormat, NothingAcceptableIsRefused) {
  EXPECT_EQ(negotiateReplyFormat("text/html"), std::nullopt);
  EXPECT_EQ(negotiateReplyFormat("application/yaml, image/png"), std::nullopt);
  EXPECT_EQ(negotiateReplyFormat("application/json;q=0, application/xml;q=0"), std::nullopt);
  EXPECT_EQ(negotiateReplyFormat("*/*;q=0"), std::nullopt);
  EXPECT_EQ(negotiateReplyFormat("application/json;q=2"), std::nullopt);  // malformed q: the range is ignored
  EXPECT_EQ(negotiateReplyFormat(",,;"), std::nullopt);
}

}  // namespace
}  // namespace georep::engine
