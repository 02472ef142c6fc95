#include "dr/jobs/webhook_client.h"

#include <optional>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <openssl/ssl.h>

namespace georep::dr {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

std::string reason(const boost::system::error_code& ec) {
  return ec == beast::error::timeout || ec == net::error::operation_aborted ? std::string("timed out") : ec.message();
}

// Runs the io_context until the pending operation completes or the deadline passes.
void runUntil(net::io_context& ioc, Clock::time_point deadline) {
  ioc.restart();
  const auto left = deadline - Clock::now();
  if (left > Clock::duration::zero()) ioc.run_for(left);
  if (!ioc.stopped()) {
    ioc.stop();  // still pending: the caller sees no completion and reports the timeout
  }
}

template <typename Stream>
WebhookReply exchange(Stream& stream, net::io_context& ioc, const WebhookUrl& url, const std::string& body,
                      Clock::time_point deadline, const WebhookOptions& options, const std::string& where) {
  http::request<http::string_body> req{http::verb::post, url.target, 11};
  const bool v6 = url.host.find(':') != std::string::npos;
  const std::string host = v6 ? "[" + url.host + "]" : url.host;
  const bool defaultPort = (url.tls && url.port == "443") || (!url.tls && url.port == "80");
  req.set(http::field::host, defaultPort ? host : host + ":" + url.port);
  req.set(http::field::user_agent, "georep-dr-hook");
  req.set(http::field::content_type, "application/json");
  req.set(http::field::accept, "*/*");
  req.body() = body;
  req.prepare_payload();
  req.keep_alive(false);

  std::optional<boost::system::error_code> ec;
  http::async_write(stream, req, [&](boost::system::error_code e, std::size_t) { ec = e; });
  runUntil(ioc, deadline);
  if (!ec) throw WebhookError("sending the request to " + where + " timed out");
  if (*ec) throw WebhookError("sending the request to " + where + " failed: " + reason(*ec));

  beast::flat_buffer buffer(options.maxResponseBytes);
  http::response_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(options.maxResponseBytes, 16 * 1024)));
  parser.body_limit(options.maxResponseBytes);
  ec.reset();
  http::async_read(stream, buffer, parser, [&](boost::system::error_code e, std::size_t) { ec = e; });
  runUntil(ioc, deadline);
  if (!ec) throw WebhookError("waiting for the answer of " + where + " timed out");
  if (*ec == http::error::body_limit || *ec == http::error::header_limit || *ec == http::error::buffer_overflow) {
    throw WebhookError("the answer of " + where + " is larger than " + std::to_string(options.maxResponseBytes) +
                       " bytes");
  }
  if (*ec) throw WebhookError("no valid HTTP answer from " + where + ": " + reason(*ec));
  auto res = parser.release();
  return WebhookReply{res.result_int(), std::move(res.body())};
}

}  // namespace

WebhookUrl WebhookUrl::parse(const std::string& url) {
  WebhookUrl out;
  std::string rest;
  if (url.rfind("https://", 0) == 0) {
    out.tls = true;
    rest = url.substr(8);
  } else if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else {
    throw WebhookError("not an http:// or https:// URL");
  }
  const auto end = rest.find_first_of("/?#");
  const std::string authority = rest.substr(0, end);
  std::string target = end == std::string::npos ? std::string() : rest.substr(end);
  if (const auto hash = target.find('#'); hash != std::string::npos) target.resize(hash);
  if (target.empty() || target.front() == '?') target = "/" + target;
  out.target = target;
  if (authority.find('@') != std::string::npos) throw WebhookError("credentials in the URL are not allowed");
  std::string portText;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string::npos) throw WebhookError("unterminated [IPv6] host");
    out.host = authority.substr(1, close - 1);
    const std::string after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') throw WebhookError("junk after the [IPv6] host");
      portText = after.substr(1);
    }
  } else {
    const auto colon = authority.find(':');
    out.host = authority.substr(0, colon);
    if (colon != std::string::npos) portText = authority.substr(colon + 1);
  }
  if (out.host.empty()) throw WebhookError("the URL names no host");
  if (portText.empty()) {
    out.port = out.tls ? "443" : "80";
  } else {
    if (portText.size() > 5 || portText.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(portText) < 1 || std::stoi(portText) > 65535) {
      throw WebhookError("bad port '" + portText.substr(0, 8) + "'");
    }
    out.port = portText;
  }
  return out;
}

WebhookReply postWebhook(const std::string& urlText, const std::string& jsonBody, std::chrono::milliseconds timeout,
                         const WebhookOptions& options) {
  const WebhookUrl url = WebhookUrl::parse(urlText);
  const std::string where = url.host + ":" + url.port;
  const auto deadline = Clock::now() + timeout;
  net::io_context ioc;

  tcp::resolver resolver(ioc);
  std::optional<boost::system::error_code> ec;
  tcp::resolver::results_type endpoints;
  resolver.async_resolve(url.host, url.port, [&](boost::system::error_code e, tcp::resolver::results_type r) {
    ec = e;
    endpoints = std::move(r);
  });
  runUntil(ioc, deadline);
  if (!ec) {
    resolver.cancel();
    throw WebhookError("resolving " + url.host + " timed out");
  }
  if (*ec) throw WebhookError("cannot resolve " + url.host + ": " + ec->message());

  const auto connect = [&](beast::tcp_stream& tcpStream) {
    tcpStream.expires_at(deadline);
    ec.reset();
    tcpStream.async_connect(endpoints, [&](boost::system::error_code e, const tcp::endpoint&) { ec = e; });
    runUntil(ioc, deadline);
    if (!ec) throw WebhookError("connecting to " + where + " timed out");
    if (*ec) throw WebhookError("cannot connect to " + where + ": " + reason(*ec));
  };

  if (!url.tls) {
    beast::tcp_stream stream(ioc);
    connect(stream);
    stream.expires_at(deadline);
    auto reply = exchange(stream, ioc, url, jsonBody, deadline, options, where);
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    return reply;
  }

  ssl::context ctx(ssl::context::tls_client);
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                  ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  if (options.caFile.empty()) ctx.set_default_verify_paths();
  else ctx.load_verify_file(options.caFile);
  ctx.set_verify_mode(ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  // SNI, and the certificate must name the URL's host (DNS name or IP address).
  if (!SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str())) {
    throw WebhookError("cannot set the TLS server name " + url.host);
  }
  stream.set_verify_callback(ssl::host_name_verification(url.host));
  connect(beast::get_lowest_layer(stream));
  beast::get_lowest_layer(stream).expires_at(deadline);
  ec.reset();
  stream.async_handshake(ssl::stream_base::client, [&](boost::system::error_code e) { ec = e; });
  runUntil(ioc, deadline);
  if (!ec) throw WebhookError("the TLS handshake with " + where + " timed out");
  if (*ec) throw WebhookError("the TLS handshake with " + where + " failed: " + reason(*ec));
  auto reply = exchange(stream, ioc, url, jsonBody, deadline, options, where);
  boost::system::error_code ignored;
  beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
  return reply;
}

}  // namespace georep::dr
