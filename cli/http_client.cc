#include "cli/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace georep::cli {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr std::uint64_t kMaxResponseBytes = 64ull << 20;

}  // namespace

HttpClient::HttpClient(ServerUrl url, std::chrono::milliseconds timeout)
    : url_(std::move(url)), timeout_(timeout) {}

HttpResponse HttpClient::get(const std::string& target) const { return request("GET", target, nullptr); }

HttpResponse HttpClient::postJson(const std::string& target, const std::string& body) const {
  return request("POST", target, &body);
}

HttpResponse HttpClient::request(const std::string& method, const std::string& target,
                                 const std::string* body) const {
  const std::string where = url_.toString();
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  const bool timed = timeout_.count() > 0;
  const auto deadline = std::chrono::steady_clock::now() + timeout_;
  auto arm = [&] {
    if (timed) stream.expires_at(deadline);
  };
  auto fail = [&](const std::string& what, const boost::system::error_code& ec) -> TransportError {
    const std::string reason = ec == beast::error::timeout
                                   ? "timed out after " + std::to_string(timeout_.count()) + " ms"
                                   : ec.message();
    return TransportError(what + " georep-engine at " + where + ": " + reason);
  };

  boost::system::error_code ec;
  tcp::resolver resolver(ioc);
  const auto endpoints = resolver.resolve(url_.host, std::to_string(url_.port), ec);
  if (ec) throw TransportError("cannot resolve the host of " + where + ": " + ec.message());

  arm();
  stream.async_connect(endpoints, [&](boost::system::error_code e, const tcp::endpoint&) { ec = e; });
  ioc.run();
  if (ec)
    throw TransportError(fail("cannot reach", ec).what() +
                         std::string(" (is georep-engine running? set --url or GEOREP_URL)"));

  http::request<http::string_body> req{http::string_to_verb(method), url_.prefix + target, 11};
  req.set(http::field::host, url_.hostHeader());
  req.set(http::field::user_agent, "georepctl");
  req.set(http::field::accept, "application/json");
  if (!bearerToken_.empty()) req.set(http::field::authorization, "Bearer " + bearerToken_);
  if (body != nullptr) {
    req.set(http::field::content_type, "application/json");
    req.body() = *body;
  }
  req.prepare_payload();
  req.keep_alive(false);

  arm();
  http::async_write(stream, req, [&](boost::system::error_code e, std::size_t) { ec = e; });
  ioc.restart();
  ioc.run();
  if (ec) throw fail("cannot send the request to", ec);

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxResponseBytes);
  arm();
  http::async_read(stream, buffer, parser, [&](boost::system::error_code e, std::size_t) { ec = e; });
  ioc.restart();
  ioc.run();
  if (ec) throw fail("no valid answer from", ec);

  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  auto res = parser.release();
  HttpResponse out{res.result_int(), std::move(res.body()), {}};
  if (const auto it = res.find(http::field::retry_after); it != res.end()) out.retryAfter = std::string(it->value());
  return out;
}

}  // namespace georep::cli
