#include "engine/src/http/http_server.h"

#include <atomic>
#include <chrono>
#include <list>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include "engine/src/http/http_router.h"

namespace georep::engine {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr std::size_t kHeaderLimit = 16 * 1024;
constexpr auto kWriteTimeout = std::chrono::seconds(30);

http::response<http::string_body> makeResponse(unsigned status, const nlohmann::json& body, unsigned version,
                                               bool keepAlive) {
  http::response<http::string_body> res{static_cast<http::status>(status), version};
  res.set(http::field::server, "georep-engine");
  res.set(http::field::content_type, "application/json");
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(keepAlive);
  res.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  res.prepare_payload();
  return res;
}

std::string_view toStd(beast::string_view sv) { return {sv.data(), sv.size()}; }

nlohmann::json protocolError(std::string_view code, const std::string& message) {
  return {{"ok", false}, {"correlation_id", nullptr}, {"error", {{"code", code}, {"message", message}}}};
}

// One accepted connection with its own io_context, served by its own thread.
struct Connection {
  net::io_context ioc;
  std::optional<beast::tcp_stream> stream;
  std::thread thread;
  std::atomic<bool> done{false};
  bool reading = false;  // touched only on the connection's thread
};

}  // namespace

class HttpServer::Impl {
 public:
  Impl(api::CommandBus& bus, AuditLog& auditLog, HttpOptions options, auth::Authenticator* authenticator)
      : options_(std::move(options)),
        router_(bus, auditLog, isLoopbackAddress(options_.address), authenticator),
        acceptor_(acceptIoc_) {}

  ~Impl() { stop(); }

  void start() {
    if (started_) throw std::logic_error("HttpServer already started");
    boost::system::error_code ec;
    const auto address = net::ip::make_address(options_.address, ec);
    if (ec) throw std::runtime_error("http: invalid listen address '" + options_.address + "': " + ec.message());
    const tcp::endpoint endpoint(address, options_.port);
    const std::string where = options_.address + ":" + std::to_string(options_.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      boost::system::error_code ignored;
      acceptor_.close(ignored);
      throw std::runtime_error("http: cannot listen on " + where + ": " + ec.message());
    }
    port_ = acceptor_.local_endpoint().port();
    started_ = true;
    if (!address.is_loopback())
      spdlog::warn("http: listening on non-loopback address {}; anyone who can reach it can run commands",
                   options_.address);
    spdlog::info("http: listening on {}:{}", options_.address, port_.load());
    doAccept();
    acceptThread_ = std::thread([this] { acceptIoc_.run(); });
  }

  void stop() {
    if (!started_ || stopped_) return;
    stopped_ = true;
    stopping_ = true;
    net::post(acceptIoc_, [this] {
      boost::system::error_code ignored;
      acceptor_.close(ignored);
      retryTimer_.reset();
    });
    if (acceptThread_.joinable()) acceptThread_.join();
    std::list<std::shared_ptr<Connection>> connections;
    {
      std::lock_guard lock(mutex_);
      connections.swap(connections_);
    }
    for (auto& conn : connections) {
      // Closes the socket only while it waits for a request; a request in flight is answered first.
      net::post(conn->ioc, [c = conn.get()] {
        if (c->reading && c->stream) {
          boost::system::error_code ignored;
          c->stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
          c->stream->socket().close(ignored);
        }
      });
    }
    for (auto& conn : connections)
      if (conn->thread.joinable()) conn->thread.join();
    spdlog::info("http: stopped");
  }

  std::uint16_t port() const { return port_; }

 private:
  static bool isLoopbackAddress(const std::string& address) {
    boost::system::error_code ec;
    const auto parsed = net::ip::make_address(address, ec);
    return !ec && parsed.is_loopback();
  }

  void doAccept() {
    auto conn = std::make_shared<Connection>();
    acceptor_.async_accept(conn->ioc, [this, conn](boost::system::error_code ec, tcp::socket socket) {
      if (stopping_ || ec == net::error::operation_aborted) return;
      if (ec) {
        // Typically out of file descriptors: back off briefly rather than spin.
        spdlog::warn("http: accept failed: {}", ec.message());
        retryTimer_.emplace(acceptIoc_, std::chrono::milliseconds(200));
        retryTimer_->async_wait([this](boost::system::error_code waitEc) {
          if (!waitEc && !stopping_) doAccept();
        });
        return;
      }
      try {
        admit(conn, std::move(socket));
      } catch (const std::exception& e) {
        spdlog::error("http: cannot serve a new connection: {}", e.what());
      }
      doAccept();
    });
  }

  void admit(const std::shared_ptr<Connection>& conn, tcp::socket socket) {
    std::lock_guard lock(mutex_);
    for (auto it = connections_.begin(); it != connections_.end();) {
      if ((*it)->done) {
        (*it)->thread.join();
        it = connections_.erase(it);
      } else {
        ++it;
      }
    }
    if (connections_.size() >= options_.maxConnections) {
      spdlog::warn("http: refusing a connection: {} connections already open", connections_.size());
      auto res = makeResponse(503, protocolError("unavailable", "too many connections; retry later"), 11, false);
      boost::system::error_code ignored;
      http::write(socket, res, ignored);
      socket.shutdown(tcp::socket::shutdown_both, ignored);
      return;
    }
    conn->stream.emplace(std::move(socket));
    conn->thread = std::thread([this, conn] {
      try {
        serve(*conn);
      } catch (const std::exception& e) {
        spdlog::error("http: connection failed: {}", e.what());
      } catch (...) {
        spdlog::error("http: connection failed with an unknown exception");
      }
      boost::system::error_code ignored;
      conn->stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
      conn->stream->socket().close(ignored);
      conn->done = true;
    });
    connections_.push_back(conn);
  }

  // Runs the connection's io_context until the operation just started completes.
  static void runUntilDone(Connection& conn) {
    conn.ioc.restart();
    conn.ioc.run();
  }

  bool writeResponse(Connection& conn, http::response<http::string_body>& res) {
    boost::system::error_code ec;
    conn.stream->expires_after(kWriteTimeout);
    http::async_write(*conn.stream, res, [&](boost::system::error_code e, std::size_t) { ec = e; });
    runUntilDone(conn);
    return !ec;
  }

  void serve(Connection& conn) {
    beast::flat_buffer buffer;
    for (;;) {
      if (stopping_) return;
      http::request_parser<http::string_body> parser;
      parser.header_limit(kHeaderLimit);
      parser.body_limit(options_.maxBodyBytes);
      boost::system::error_code ec;
      conn.reading = true;
      conn.stream->expires_after(std::chrono::seconds(options_.readTimeoutSeconds));
      http::async_read(*conn.stream, buffer, parser, [&](boost::system::error_code e, std::size_t) { ec = e; });
      runUntilDone(conn);
      conn.reading = false;
      if (stopping_ && ec) return;
      if (ec == http::error::end_of_stream || ec == net::error::eof || ec == beast::error::timeout ||
          ec == net::error::operation_aborted || ec == net::error::connection_reset ||
          ec == net::error::bad_descriptor) {
        return;
      }
      if (ec == http::error::body_limit) {
        spdlog::warn("http: refused a request body larger than {} bytes", options_.maxBodyBytes);
        auto res = makeResponse(413,
                                protocolError("invalid_argument", "request body larger than " +
                                                                      std::to_string(options_.maxBodyBytes) +
                                                                      " bytes"),
                                11, false);
        writeResponse(conn, res);
        return;
      }
      if (ec) {
        // A malformed request: say so, then close (the stream position is unknown).
        spdlog::warn("http: malformed request: {}", ec.message());
        auto res = makeResponse(400, protocolError("invalid_argument", "malformed HTTP request: " + ec.message()),
                                11, false);
        writeResponse(conn, res);
        return;
      }
      http::request<http::string_body> req = parser.release();
      conn.stream->expires_never();
      const auto started = std::chrono::steady_clock::now();
      const std::string method(toStd(req.method_string()));
      const std::string target(toStd(req.target()));
      boost::system::error_code endpointEc;
      const auto remote = conn.stream->socket().remote_endpoint(endpointEc);
      const std::string remoteAddress = endpointEc ? std::string() : remote.address().to_string();
      const HttpReply reply = router_.handle(HttpRequestView{method, target, toStd(req[http::field::content_type]),
                                                             toStd(req[http::field::host]), req.body(),
                                                             toStd(req[http::field::authorization]),
                                                             remoteAddress});
      const auto elapsedMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::steady_clock::now() - started)
                                 .count();
      const auto correlation = reply.body.contains("correlation_id") && reply.body["correlation_id"].is_string()
                                   ? reply.body["correlation_id"].get<std::string>()
                                   : std::string("-");
      spdlog::info("http: {} {} -> {} ({} ms, correlation {})", method, target, reply.status, elapsedMs,
                   correlation);
      const bool keepAlive = req.keep_alive() && !stopping_;
      auto res = makeResponse(reply.status, reply.body, req.version(), keepAlive);
      if (!reply.allow.empty()) res.set(http::field::allow, reply.allow);
      for (const auto& [name, value] : reply.headers) res.set(name, value);
      if (!writeResponse(conn, res) || !keepAlive) return;
    }
  }

  HttpOptions options_;
  HttpRouter router_;
  net::io_context acceptIoc_;
  tcp::acceptor acceptor_;
  std::optional<net::steady_timer> retryTimer_;
  std::thread acceptThread_;
  std::atomic<std::uint16_t> port_{0};
  std::atomic<bool> stopping_{false};
  bool started_ = false;
  bool stopped_ = false;
  std::mutex mutex_;
  std::list<std::shared_ptr<Connection>> connections_;
};

HttpServer::HttpServer(api::CommandBus& bus, AuditLog& auditLog, HttpOptions options,
                       auth::Authenticator* authenticator)
    : impl_(std::make_unique<Impl>(bus, auditLog, std::move(options), authenticator)) {}

HttpServer::~HttpServer() = default;

void HttpServer::start() { impl_->start(); }

void HttpServer::stop() { impl_->stop(); }

std::uint16_t HttpServer::port() const { return impl_->port(); }

}  // namespace georep::engine
