// The REST API's JSON -> XML writer: element names from the route's naming, collections, escaping of
// hostile text (control characters, "]]>", invalid UTF-8, CR), unsafe keys; every document is parsed back
// with pugixml (an independent parser) and checked for what a client would read.
#include "engine/src/http/xml_writer.h"

#include <gtest/gtest.h>
#include <pugixml.hpp>

namespace georep::engine {
namespace {

using nlohmann::json;

pugi::xml_document parse(const std::string& xml) {
  pugi::xml_document doc;
  const auto result = doc.load_string(xml.c_str(), pugi::parse_default | pugi::parse_eol);
  EXPECT_TRUE(result) << result.description() << "\n" << xml;
  return doc;
}

TEST(XmlWriter, ASessionInTheDesignsNames) {
  const json session{{"session_id", 7},
                     {"status", "ACTIVE"},
                     {"secondary_node", nullptr},
                     {"bricks", json::array({{{"host", "vm"}, {"worker_status", "Active"}, {"entry_pending", 0}},
                                             {{"host", "vm2"}, {"worker_status", "Passive"}}})},
                     {"config", json::array({{{"key", "sync_jobs"}, {"value", "3"}, {"is_default", true}}})}};
  const api::XmlNaming naming{"georeplication_session", {}, {}, {{"bricks", "session_details"}, {"config", "options"}}};
  const std::string xml = jsonToXml(session, naming);
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0), 0u);
  const auto doc = parse(xml);
  const auto root = doc.child("georeplication_session");
  ASSERT_TRUE(root);
  EXPECT_STREQ(root.child_value("session_id"), "7");
  EXPECT_STREQ(root.child_value("status"), "ACTIVE");
  EXPECT_FALSE(root.child("secondary_node"));  // null fields are left out
  const auto details = root.child("session_details");
  ASSERT_TRUE(details);
  int n = 0;
  for (const auto& d : details.children("session_detail")) {
    ++n;
    EXPECT_TRUE(d.child("worker_status"));
  }
  EXPECT_EQ(n, 2);
  EXPECT_STREQ(details.first_child().child_value("entry_pending"), "0");
  const auto option = root.child("options").child("option");
  EXPECT_STREQ(option.child_value("key"), "sync_jobs");
  EXPECT_STREQ(option.child_value("is_default"), "true");
}

TEST(XmlWriter, ACollectionHasItsMembersAsChildrenAndItsScalarsAsAttributes) {
  const json list{{"sessions", json::array({{{"session_id", 1}}, {{"session_id", 2}}})}, {"total", 9}};
  const auto doc = parse(jsonToXml(list, {"georeplication_sessions", "sessions", "georeplication_session", {}}));
  const auto root = doc.child("georeplication_sessions");
  EXPECT_STREQ(root.attribute("total").value(), "9");
  std::vector<std::string> ids;
  for (const auto& s : root.children("georeplication_session")) ids.emplace_back(s.child_value("session_id"));
  EXPECT_EQ(ids, (std::vector<std::string>{"1", "2"}));
  EXPECT_FALSE(root.child("sessions"));
  // An empty collection is an empty root.
  const auto empty = parse(jsonToXml(json{{"sessions", json::array()}, {"total", 0}},
                                     {"georeplication_sessions", "sessions", "georeplication_session", {}}));
  EXPECT_FALSE(empty.child("georeplication_sessions").first_child());
}

TEST(XmlWriter, HostileTextStaysTextAndTheDocumentStaysWellFormed) {
  const std::string hostile = std::string("a]]>b<c>&d\"e'f") + '\x01' + "g\x1Fh\ti\r\nj" + "\xC3\x28" + "k" +
                              "\xED\xA0\x80" /* a surrogate */ + "l\xEF\xBF\xBEm" /* U+FFFE */ + "é€😀";
  const auto doc = parse(jsonToXml(json{{"message", hostile}, {"</x><y", hostile}}, {"fault", {}, {}, {}}));
  const auto root = doc.child("fault");
  const std::string read = root.child_value("message");
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(read, "a]]>b<c>&d\"e'f" + fffd + "g" + fffd + "h\ti\r\nj" + fffd + "(k" + fffd + fffd + fffd + "l" + fffd +
                      "m" + "é€😀");
  // A key that is not an XML name is kept as an attribute, never as markup.
  const auto entry = root.child("entry");
  EXPECT_STREQ(entry.attribute("key").value(), "</x><y");
  EXPECT_EQ(std::string(entry.child_value()), read);
  // The raw text never carries "]]>" or a control character.
  const std::string raw = jsonToXml(json{{"m", hostile}}, {});
  EXPECT_EQ(raw.find("]]>"), std::string::npos);
  EXPECT_EQ(raw.find('\x01'), std::string::npos);
}

TEST(XmlWriter, ScalarsNestedArraysAndNames) {
  const auto doc = parse(jsonToXml(json{{"flag", false}, {"ratio", 0.5}, {"tags", {"a", "b"}}, {"empty", json::object()},
                                        {"nested", {{"replica_sets", {json::array({1, 2})}}}}},
                                   {}));
  const auto root = doc.child("result");
  EXPECT_STREQ(root.child_value("flag"), "false");
  EXPECT_STREQ(root.child_value("ratio"), "0.5");
  EXPECT_STREQ(root.child("tags").child("tag").next_sibling("tag").child_value(), "b");
  EXPECT_TRUE(root.child("empty"));
  EXPECT_STREQ(root.child("nested").child("replica_sets").child("replica_set").child("replica_set_item").child_value(),
               "1");
  EXPECT_EQ(singularOf("entries"), "entry");
  EXPECT_EQ(singularOf("address"), "address_item");
  EXPECT_EQ(singularOf("config"), "config_item");
  EXPECT_TRUE(isSafeXmlName("session_detail"));
  EXPECT_FALSE(isSafeXmlName("xmlish"));
  EXPECT_FALSE(isSafeXmlName("1abc"));
  EXPECT_FALSE(isSafeXmlName("a b"));
  EXPECT_FALSE(isSafeXmlName(""));
  EXPECT_FALSE(isSafeXmlName("caf\xC3\xA9"));
}

}  // namespace
}  // namespace georep::engine
