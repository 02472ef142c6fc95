// The REST route table's pieces without a server: path templates (checking, matching with
// percent-decoding, filling with percent-encoding), the registration checks of EngineRouteTable (XML names,
// jobs only on mutations), and the entity tags with If-None-Match.
#include <stdexcept>

#include <gtest/gtest.h>

#include "engine/src/http/engine_route_table.h"
#include "engine/src/http/route_dispatcher.h"
#include "engine/src/http/route_template.h"

namespace georep::engine {
namespace {

TEST(RouteTemplate, ChecksTheTemplate) {
  EXPECT_EQ(templateVariables("/api/clusters/{cluster}/hosts"), (std::vector<std::string>{"cluster"}));
  EXPECT_FALSE(templateVariables("/clusters/{cluster}"));            // not under /api/
  EXPECT_FALSE(templateVariables("/api//clusters"));                 // empty segment
  EXPECT_FALSE(templateVariables("/api/{a}/{a}"));                   // repeated variable
  EXPECT_FALSE(templateVariables("/api/{Bad-Name}"));                // not [a-z0-9_]
  EXPECT_FALSE(templateVariables("/api/x{a}"));                      // brace inside a literal
  EXPECT_FALSE(templateVariables("/api/clusters/"));                 // trailing empty segment
}

TEST(RouteTemplate, MatchesAndDecodesVariables) {
  const auto vars = matchTemplate("/api/clusters/{cluster}/glustervolumes/{volume}", "/api/clusters/c%201/glustervolumes/v+1");
  ASSERT_TRUE(vars);
  EXPECT_EQ(*vars, (PathVariables{{"cluster", "c 1"}, {"volume", "v+1"}}));  // '+' is literal in a path
  EXPECT_FALSE(matchTemplate("/api/clusters/{cluster}", "/api/clusters/"));
  EXPECT_FALSE(matchTemplate("/api/clusters/{cluster}", "/api/clusters/a/b"));
  EXPECT_FALSE(matchTemplate("/api/clusters/{cluster}", "/api/clusters/%zz"));
}

TEST(RouteTemplate, FillsWithEncodedValues) {
  const auto filled = fillTemplate("/api/a/{x}/b/{y}", [](const std::string& name) -> std::optional<std::string> {
    if (name == "x") return std::string("c 1/..");
    if (name == "y") return std::string("42");
    return std::nullopt;
  });
  EXPECT_EQ(filled, "/api/a/c%201%2F../b/42");
  EXPECT_FALSE(fillTemplate("/api/a/{z}", [](const std::string&) { return std::optional<std::string>(); }));
}

api::RouteSpec spec(std::string method, std::string path) {
  api::RouteSpec s;
  s.method = std::move(method);
  s.path = std::move(path);
  s.command = "test.cmd";
  return s;
}

TEST(EngineRouteTable, RefusesUnsafeXmlNamesAndReadsRunAsJobs) {
  EngineRouteTable table;
  auto badRoot = spec("GET", "/api/x");
  badRoot.xml.root = "<x>";
  EXPECT_THROW(table.registerRoute(badRoot), std::invalid_argument);
  auto badItem = spec("GET", "/api/x");
  badItem.xml.item = "xml_thing";
  EXPECT_THROW(table.registerRoute(badItem), std::invalid_argument);
  auto badRename = spec("GET", "/api/x");
  badRename.xml.names = {{"bricks", "session details"}};
  EXPECT_THROW(table.registerRoute(badRename), std::invalid_argument);
  auto asyncRead = spec("GET", "/api/x");
  asyncRead.mayRunAsJob = true;
  EXPECT_THROW(table.registerRoute(asyncRead), std::invalid_argument);
  auto good = spec("POST", "/api/x");
  good.mayRunAsJob = true;
  good.xml = {"georeplication_sessions", "sessions", "georeplication_session", {{"bricks", "session_details"}}};
  EXPECT_NO_THROW(table.registerRoute(good));
}

TEST(EngineRouteTable, RefusesMalformedAndDuplicateRoutes) {
  EngineRouteTable table;
  EXPECT_THROW(table.registerRoute(spec("PATCH", "/api/x")), std::invalid_argument);
  EXPECT_THROW(table.registerRoute(spec("GET", "/x")), std::invalid_argument);
  auto noCommand = spec("GET", "/api/x");
  noCommand.command.clear();
  EXPECT_THROW(table.registerRoute(noCommand), std::invalid_argument);
  auto unknownVariable = spec("GET", "/api/x/{a}");
  unknownVariable.params = {api::RouteParam{"b", api::RouteSource::kPath, {}, api::ParamType::kString}};
  EXPECT_THROW(table.registerRoute(unknownVariable), std::invalid_argument);
  auto badStatus = spec("POST", "/api/x");
  badStatus.successStatus = 302;
  EXPECT_THROW(table.registerRoute(badStatus), std::invalid_argument);

  auto first = table.registerRoute(spec("GET", "/api/x/{a}"));
  EXPECT_THROW(table.registerRoute(spec("GET", "/api/x/{a}")), std::invalid_argument);
  auto post = table.registerRoute(spec("POST", "/api/x/{a}"));  // another method on the same path is fine
  EXPECT_EQ(table.routes().size(), 2u);
  const auto snapshot = table.snapshot();
  first.reset();
  EXPECT_EQ(table.routes().size(), 1u);
  EXPECT_EQ(snapshot->size(), 2u);  // a request's snapshot is not changed under it
}

TEST(EntityTag, IsStrongStableAndMatchedByIfNoneMatch) {
  const std::string tag = entityTag("{\"a\":1}\n");
  EXPECT_EQ(tag.size(), 18u);
  EXPECT_EQ(tag.front(), '"');
  EXPECT_EQ(tag, entityTag("{\"a\":1}\n"));
  EXPECT_NE(tag, entityTag("{\"a\":2}\n"));
  EXPECT_TRUE(ifNoneMatchHits(tag, tag));
  EXPECT_TRUE(ifNoneMatchHits("\"x\", W/" + tag, tag));
  EXPECT_TRUE(ifNoneMatchHits("*", tag));
  EXPECT_FALSE(ifNoneMatchHits("\"x\"", tag));
  EXPECT_FALSE(ifNoneMatchHits("", tag));
}

}  // namespace
}  // namespace georep::engine
