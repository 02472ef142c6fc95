// DR webhooks over HTTPS against a real TLS server on loopback (Boost.Beast, a self-signed certificate
// the test makes with the openssl CLI, SAN IP:127.0.0.1 and DNS:localhost): trusted (the certificate as
// the CA file) it answers and the body arrives; with the system trust store the same server is refused
// (the chain does not verify), and a certificate for another name is refused even when trusted.
#include <openssl/ssl.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <gtest/gtest.h>

#include "dr/jobs/webhook_client.h"

namespace georep::dr {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
namespace fs = std::filesystem;
using tcp = net::ip::tcp;

// cert.pem and key.pem for `san` in a temporary directory.
class Certificate {
 public:
  explicit Certificate(const std::string& san) {
    std::string pattern = (fs::temp_directory_path() / "georep-webhook-tls-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    const std::string command =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=test "
        "-addext subjectAltName=" + san + " -keyout '" + key() + "' -out '" + cert() + "' 2>/dev/null";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("openssl req failed");
  }
  ~Certificate() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  std::string cert() const { return (dir_ / "cert.pem").string(); }
  std::string key() const { return (dir_ / "key.pem").string(); }

 private:
  fs::path dir_;
};

// Serves one TLS connection at a time on 127.0.0.1, answering 200 and keeping the last request body.
class TlsServer {
 public:
  explicit TlsServer(const Certificate& c) : ctx_(ssl::context::tls_server), acceptor_(ioc_, {net::ip::make_address("127.0.0.1"), 0}) {
    ctx_.use_certificate_chain_file(c.cert());
    ctx_.use_private_key_file(c.key(), ssl::context::pem);
    thread_ = std::thread([this] { serve(); });
  }
  ~TlsServer() {
    stop_ = true;
    net::io_context wake;
    tcp::socket poke(wake);
    boost::system::error_code ignored;
    poke.connect({net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port())}, ignored);  // unblocks accept
    thread_.join();
  }
  int port() const { return acceptor_.local_endpoint().port(); }
  std::string lastBody() const { return body_; }

 private:
  void serve() {
    while (true) {
      tcp::socket socket(ioc_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stop_) return;
      beast::ssl_stream<tcp::socket> stream(std::move(socket), ctx_);
      stream.handshake(ssl::stream_base::server, ec);
      if (ec) continue;  // the client refused our certificate
      beast::flat_buffer buffer;
      http::request<http::string_body> req;
      http::read(stream, buffer, req, ec);
      if (ec) continue;
      body_ = req.body();
      http::response<http::string_body> res{http::status::ok, 11};
      res.body() = "{}";
      res.prepare_payload();
      http::write(stream, res, ec);
      stream.shutdown(ec);
    }
  }

  net::io_context ioc_;
  ssl::context ctx_;
  tcp::acceptor acceptor_;
  std::string body_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

TEST(WebhookTls, ATrustedCertificateNamingTheHostIsAccepted) {
  const Certificate c("IP:127.0.0.1,DNS:localhost");
  TlsServer server(c);
  WebhookOptions options;
  options.caFile = c.cert();
  const auto reply = postWebhook("https://127.0.0.1:" + std::to_string(server.port()) + "/hook", R"({"phase":"pre"})",
                                 std::chrono::seconds(5), options);
  EXPECT_EQ(reply.status, 200u);
  EXPECT_EQ(server.lastBody(), R"({"phase":"pre"})");
  // By name too (SNI + DNS SAN).
  EXPECT_EQ(postWebhook("https://localhost:" + std::to_string(server.port()) + "/hook", "{}", std::chrono::seconds(5),
                        options)
                .status,
            200u);
}

TEST(WebhookTls, AnUntrustedCertificateIsRefused) {
  const Certificate c("IP:127.0.0.1,DNS:localhost");
  TlsServer server(c);
  try {
    postWebhook("https://127.0.0.1:" + std::to_string(server.port()) + "/hook", "{}", std::chrono::seconds(5));
    FAIL() << "a self-signed certificate was accepted with the system trust store";
  } catch (const WebhookError& e) {
    EXPECT_NE(std::string(e.what()).find("TLS handshake"), std::string::npos) << e.what();
  }
}

TEST(WebhookTls, ACertificateForAnotherNameIsRefusedEvenWhenTrusted) {
  const Certificate c("DNS:other.example");
  TlsServer server(c);
  WebhookOptions options;
  options.caFile = c.cert();
  EXPECT_THROW(postWebhook("https://127.0.0.1:" + std::to_string(server.port()) + "/hook", "{}",
                           std::chrono::seconds(5), options),
               WebhookError);
}

}  // namespace
}  // namespace georep::dr
