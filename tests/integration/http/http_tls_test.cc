// HttpServer with TLS: a self-signed certificate the test makes itself (openssl CLI into a temporary
// directory), a verifying TLS client that gets answers, a plain-HTTP client on the TLS port that gets a
// clean refusal, TLS below 1.2 refused, a TLS server beyond loopback allowed, and unusable files refused at
// start naming the file.
#include <openssl/ssl.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <gtest/gtest.h>

#include "http_server_fixture.h"
#include "http_test_client.h"

namespace georep::engine {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
namespace fs = std::filesystem;
using testing::RawConnection;

// A temporary directory holding cert.pem and key.pem (EC P-256, CN=localhost, SAN 127.0.0.1).
class SelfSignedCertificate {
 public:
  SelfSignedCertificate() {
    std::string pattern = (fs::temp_directory_path() / "georep-tls-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    const std::string command =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=localhost "
        "-addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout '" + key().string() + "' -out '" +
        certificate().string() + "' 2>/dev/null";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("openssl req failed: " + command);
  }
  ~SelfSignedCertificate() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  fs::path certificate() const { return dir_ / "cert.pem"; }
  fs::path key() const { return dir_ / "key.pem"; }
  const fs::path& dir() const { return dir_; }

 private:
  fs::path dir_;
};

struct TlsReply {
  unsigned status = 0;
  std::string body;
  std::string protocol;
};

// One request over TLS, verifying the server against trusted (a CA or the self-signed certificate).
TlsReply tlsRequest(std::uint16_t port, const fs::path& trusted, http::verb verb, const std::string& target,
                    const std::string& body = {}, int maxVersion = 0, const std::string& authorization = {}) {
  net::io_context ioc;
  ssl::context ctx(ssl::context::tls_client);
  ctx.load_verify_file(trusted.string());
  ctx.set_verify_mode(ssl::verify_peer);
  if (maxVersion != 0) {
    SSL_CTX_set_security_level(ctx.native_handle(), 0);
    SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_VERSION);
    SSL_CTX_set_max_proto_version(ctx.native_handle(), maxVersion);
  }
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  beast::get_lowest_layer(stream).connect({net::ip::make_address("127.0.0.1"), port});
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
  stream.handshake(ssl::stream_base::client);
  http::request<http::string_body> req{verb, target, 11};
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  if (!authorization.empty()) req.set(http::field::authorization, authorization);
  if (!body.empty()) {
    req.set(http::field::content_type, "application/json");
    req.body() = body;
  }
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  TlsReply reply{res.result_int(), res.body(), SSL_get_version(stream.native_handle())};
  beast::error_code ignored;
  stream.shutdown(ignored);
  return reply;
}

class HttpTlsTest : public HttpServerFixture {
 protected:
  void startTls(const std::string& address = "127.0.0.1") {
    HttpOptions options;
    options.address = address;
    options.tlsCertificate = certificate_.certificate().string();
    options.tlsPrivateKey = certificate_.key().string();
    start(options);
  }

  SelfSignedCertificate certificate_;
};

TEST_F(HttpTlsTest, AVerifyingTlsClientGetsAnswers) {
  startTls();
  const auto health = tlsRequest(port_, certificate_.certificate(), http::verb::get, "/api/health");
  EXPECT_EQ(health.status, 200u);
  EXPECT_EQ(nlohmann::json::parse(health.body), nlohmann::json({{"status", "ok"}}));
  EXPECT_TRUE(health.protocol == "TLSv1.2" || health.protocol == "TLSv1.3") << health.protocol;
  const auto echo =
      tlsRequest(port_, certificate_.certificate(), http::verb::post, "/api/commands/test.echo", R"({"x":[1]})", 0,
                 adminToken_);
  EXPECT_EQ(echo.status, 200u) << echo.body;
  EXPECT_EQ(nlohmann::json::parse(echo.body)["result"]["params"]["x"], nlohmann::json::array({1}));
}

TEST_F(HttpTlsTest, PlainHttpOnTheTlsPortIsRefusedCleanly) {
  startTls();
  RawConnection plain(port_);
  ASSERT_TRUE(plain.connected());
  plain.send("POST /api/commands/test.echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
             "Content-Length: 2\r\n\r\n{}");
  const std::string answer = plain.readAll();
  EXPECT_FALSE(plain.timedOut()) << "the server should close the connection";
  EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << answer;
  EXPECT_NE(answer.find("TLS"), std::string::npos) << answer;
  EXPECT_EQ(answer.find("\"ok\":true"), std::string::npos);
  EXPECT_EQ(tlsRequest(port_, certificate_.certificate(), http::verb::get, "/api/health").status, 200u);
}

TEST_F(HttpTlsTest, TlsOlderThan12IsRefused) {
  startTls();
  EXPECT_THROW(tlsRequest(port_, certificate_.certificate(), http::verb::get, "/api/health", {}, TLS1_1_VERSION),
               std::exception);
  EXPECT_EQ(tlsRequest(port_, certificate_.certificate(), http::verb::get, "/api/health").status, 200u);
}

TEST_F(HttpTlsTest, WithTlsANonLoopbackAddressMayBeServed) {
  startTls("0.0.0.0");
  EXPECT_EQ(tlsRequest(port_, certificate_.certificate(), http::verb::get, "/api/health").status, 200u);
}

TEST_F(HttpTlsTest, UnusableTlsFilesAreRefusedAtStartNamingTheFile) {
  const fs::path garbage = certificate_.dir() / "garbage.pem";
  std::ofstream(garbage) << "not a certificate\n";
  const auto refusal = [&](const fs::path& cert, const fs::path& key) {
    HttpOptions options;
    options.port = 0;
    options.tlsCertificate = cert.string();
    options.tlsPrivateKey = key.string();
    HttpServer server(bus_, audit_, options);
    try {
      server.start();
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("started");
  };
  EXPECT_NE(refusal(certificate_.dir() / "missing.pem", certificate_.key()).find("missing.pem"), std::string::npos);
  EXPECT_NE(refusal(certificate_.certificate(), garbage).find("garbage.pem"), std::string::npos);
  EXPECT_NE(refusal(certificate_.certificate(), "").find("tls"), std::string::npos);
}

}  // namespace
}  // namespace georep::engine
