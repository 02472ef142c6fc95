// GET /metrics through the real HttpServer, authenticator and token store: refused without a valid token
// (none, wrong, revoked), served to a viewer API token (what Prometheus uses) as the Prometheus text
// format with the registered collectors' families, GET only; and a plugin collector removed from the
// registry no longer appears.
#include <string>

#include <gtest/gtest.h>

#include "engine/src/metrics/engine_metrics.h"
#include "engine/src/metrics/metrics_registry.h"
#include "http_server_fixture.h"

namespace georep::engine {
namespace {

class MetricsEndpointTest : public HttpServerFixture {
 protected:
  void startWithMetrics() {
    HttpOptions options;
    options.port = 0;
    server_ = std::make_unique<HttpServer>(bus_, audit_, options, &authenticator_, nullptr, nullptr, &metrics_);
    server_->start();
    port_ = server_->port();
  }
  std::pair<std::int64_t, std::string> viewerToken() {
    const auth::User user = users_.create("prom", api::Role::kViewer, auth::hashPassword("a long viewer password"));
    const auto issued = tokens_.issue(user.id, auth::TokenKind::kApi, "prometheus", api::Role::kViewer, std::nullopt);
    return {issued.id, "Bearer " + issued.secret};
  }
  testing::HttpTestReply scrape(std::optional<std::string> authorization, std::string method = "GET") {
    testing::HttpTestRequest r;
    r.method = std::move(method);
    r.target = "/metrics";
    r.authorization = std::move(authorization);
    if (!r.authorization) r.authorization = "";
    return testing::httpRequest(port_, r);
  }

  EngineMetricsRegistry metrics_;
  api::Registration engineMetrics_ = registerEngineMetrics(metrics_, "9.9.9", std::chrono::system_clock::now());
};

TEST_F(MetricsEndpointTest, ViewerTokenScrapesTheTextFormatOthersAreRefused) {
  api::Registration plugin = metrics_.registerCollector("plugin", [](api::MetricsWriter& w) {
    w.family("georep_test_sessions", api::MetricType::kGauge, "sessions");
    w.sample({}, 3);
  });
  startWithMetrics();

  EXPECT_EQ(scrape(std::nullopt).status, 401u);
  EXPECT_EQ(scrape("Bearer grt_not-a-real-token").status, 401u);

  const auto [tokenId, viewer] = viewerToken();
  const testing::HttpTestReply ok = scrape(viewer);
  ASSERT_EQ(ok.status, 200u) << ok.rawBody;
  EXPECT_EQ(ok.headers.at("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(ok.rawBody.find("georep_build_info{version=\"9.9.9\"} 1\n"), std::string::npos) << ok.rawBody;
  EXPECT_NE(ok.rawBody.find("georep_test_sessions 3\n"), std::string::npos) << ok.rawBody;

  EXPECT_EQ(scrape(viewer, "POST").status, 405u);

  plugin.reset();  // a plugin unloaded: its families are gone
  EXPECT_EQ(scrape(viewer).rawBody.find("georep_test_sessions"), std::string::npos);

  ASSERT_TRUE(tokens_.revoke(tokenId, std::nullopt));
  EXPECT_EQ(scrape(viewer).status, 401u) << "a revoked token must not scrape";
}

}  // namespace
}  // namespace georep::engine
