// GET /metrics on the lab, scraped by a real Prometheus (Debian package prometheus) on a free loopback
// port with a viewer API token in a bearer token file, as an operator would set it up: the session
// georep created shows up as a georep_session_status series through Prometheus's HTTP API. The endpoint
// itself refuses a request without a token.
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "harness/e2e_test.h"
#include "harness/process.h"
#include "support/free_port.h"

namespace georep::testing::e2e {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

std::string urlEncode(const std::string& text) {
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

class MetricsTest : public E2eTest {};

TEST_F(MetricsTest, PrometheusScrapesTheEngineWithAViewerTokenAndSeesTheSessionStatus) {
  const std::string secondary = lab_.secondaries.at(0);
  const std::int64_t id = createSession(secondary);
  ASSERT_GT(id, 0) << "no session; the rest cannot be checked";

  // The endpoint: 401 without a token, the text format with a viewer token.
  const json viewer = ok("auth.token.create", {{"name", "prometheus"}, {"role", "viewer"}});
  const std::string token = viewer.value("token", "");
  ASSERT_FALSE(token.empty()) << viewer.dump();
  EXPECT_EQ(HttpClient("127.0.0.1", engine_->port(), 10s).get("/metrics").status, 401);
  const HttpReply direct = HttpClient("127.0.0.1", engine_->port(), 10s, token).get("/metrics");
  EXPECT_EQ(direct.status, 200) << direct.body;
  EXPECT_EQ(direct.contentType.rfind("text/plain; version=0.0.4", 0), 0u) << direct.contentType;

  // A real Prometheus, scraping every second with the token in a 0600 file.
  const auto dir = workDir() / "prometheus";
  std::filesystem::create_directories(dir / "data");
  const auto tokenFile = dir / "georep.token";
  std::ofstream(tokenFile) << token;
  ::chmod(tokenFile.c_str(), 0600);
  std::ofstream(dir / "prometheus.yml") << "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                                        << "scrape_configs:\n  - job_name: georep\n    metrics_path: /metrics\n"
                                        << "    authorization:\n      type: Bearer\n      credentials_file: "
                                        << tokenFile.string() << "\n    static_configs:\n      - targets: ['127.0.0.1:"
                                        << engine_->port() << "']\n";
  const std::uint16_t port = freeLoopbackPort();
  ChildProcess prometheus({"prometheus", "--config.file=" + (dir / "prometheus.yml").string(),
                           "--storage.tsdb.path=" + (dir / "data").string(),
                           "--web.listen-address=127.0.0.1:" + std::to_string(port)},
                          dir / "prometheus.log");

  const std::string expected = "root@" + lab_.host + "::" + secondary;
  const std::string query = "georep_session_status{job=\"georep\",status=\"CREATED\",volume=\"" + lab_.primary + "\"} == 1";
  const HttpClient api("127.0.0.1", port, 5s);
  json series;
  std::string last;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < deadline && prometheus.running()) {
    try {
      const HttpReply r = api.get("/api/v1/query?query=" + urlEncode(query));
      last = r.body;
      if (r.status == 200) {
        const json body = json::parse(r.body);
        for (const auto& s : body["data"]["result"]) {
          if (s["metric"].value("secondary", "") == expected) series = s;
        }
      }
    } catch (const std::exception& e) {
      last = e.what();  // not listening yet
    }
    if (!series.is_null()) break;
    std::this_thread::sleep_for(500ms);
  }
  ASSERT_FALSE(series.is_null()) << "no georep_session_status series for " << expected << " in Prometheus; last answer: "
                                 << last << "\nprometheus log:\n" << tailOfFile(dir / "prometheus.log");
  EXPECT_EQ(series["metric"].value("cluster", ""), kClusterName);
  EXPECT_EQ(series["value"][1], "1");

  // Prometheus sees the target up (the token worked for the scrape itself, not only for us).
  const HttpReply up = api.get("/api/v1/query?query=" + urlEncode("up{job=\"georep\"}"));
  EXPECT_NE(up.body.find("\"1\"]"), std::string::npos) << up.body;
  prometheus.stop();
}

}  // namespace
}  // namespace georep::testing::e2e
