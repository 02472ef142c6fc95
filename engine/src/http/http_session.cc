#include "engine/src/http/http_session.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <optional>
#include <string_view>
#include <type_traits>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "engine/src/http/bounded_worker_pool.h"
#include "engine/src/http/http_router.h"
#include "engine/src/http/http_server.h"
#include "engine/src/http/log_rate_limiter.h"
#include "engine/src/http/security_headers.h"

namespace georep::engine {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

constexpr auto kWriteTimeout = std::chrono::seconds(30);
constexpr auto kDrainTimeout = std::chrono::seconds(1);    // after an error reply, read and discard briefly ...
constexpr std::size_t kDrainBytes = 256 * 1024;            // ... so the client sees the reply, not a reset
constexpr auto kTlsShutdownTimeout = std::chrono::seconds(2);
constexpr std::size_t kDrainChunkBytes = 16 * 1024;
constexpr std::size_t kFirstReadBytes = 4096;
constexpr const char* kRetryAfterSeconds = "1";
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

std::string_view toStd(beast::string_view sv) { return {sv.data(), sv.size()}; }
beast::string_view toBeast(std::string_view sv) { return {sv.data(), sv.size()}; }

HttpReply errorReply(unsigned status, std::string_view code, const std::string& message) {
  return HttpReply{status,
                   {{"ok", false}, {"correlation_id", nullptr}, {"error", {{"code", code}, {"message", message}}}},
                   {},
                   {}};
}

HttpReply unavailable(const std::string& message) {
  HttpReply reply = errorReply(503, "unavailable", message);
  reply.headers.emplace_back("Retry-After", kRetryAfterSeconds);
  return reply;
}

Response makeResponse(const HttpReply& reply, unsigned version, bool keepAlive) {
  Response res{static_cast<http::status>(reply.status), version};
  res.set(http::field::server, "georep-engine");
  res.set(http::field::content_type, reply.contentType.empty() ? "application/json" : reply.contentType);
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(keepAlive);
  for (const auto& [name, value] : securityHeaders()) res.set(toBeast(name), toBeast(value));
  if (!reply.noBody) {
    res.body() = !reply.contentType.empty()
                     ? reply.text
                     : reply.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  if (!reply.allow.empty()) res.set(http::field::allow, reply.allow);
  for (const auto& [name, value] : reply.headers) res.set(name, value);
  res.prepare_payload();
  if (reply.headOnly) res.body().clear();  // HEAD: Content-Length of the file, no bytes
  return res;
}

bool isQuietDisconnect(const beast::error_code& ec) {
  return ec == http::error::end_of_stream || ec == net::error::eof || ec == net::error::operation_aborted ||
         ec == net::error::connection_reset || ec == net::error::bad_descriptor || ec == net::error::broken_pipe ||
         ec == ssl::error::stream_truncated;
}

template <class Stream>
class HttpSession final : public HttpConnection, public std::enable_shared_from_this<HttpSession<Stream>> {
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

 public:
  HttpSession(tcp::socket socket, std::unique_ptr<ConnectionLimiter::Slot> slot, std::string remoteAddress,
              const HttpSessionShared& shared, ssl::context* tls)
      : shared_(shared),
        options_(shared.options),
        slot_(std::move(slot)),
        remoteAddress_(std::move(remoteAddress)),
        stream_(makeStream(std::move(socket), tls)) {}

  void start() {
    net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] { self->begin(); });
  }

  void closeIfIdle() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] {
      if (self->state_ == State::kHandshake || self->state_ == State::kIdle || self->state_ == State::kHeader ||
          self->state_ == State::kBody)
        self->abort();
    });
  }

 private:
  enum class State { kHandshake, kIdle, kHeader, kBody, kHandling, kWriting, kClosing, kClosed };

  static Stream makeStream(tcp::socket&& socket, ssl::context* tls) {
    if constexpr (kTls) {
      return Stream(beast::tcp_stream(std::move(socket)), *tls);
    } else {
      (void)tls;
      return Stream(std::move(socket));
    }
  }

  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }
  std::chrono::seconds seconds(std::size_t n) const { return std::chrono::seconds(static_cast<long>(n)); }

  template <class Fn>
  auto bind(Fn fn) {
    return beast::bind_front_handler(fn, this->shared_from_this());
  }

  void begin() {
    if (shared_.stopping) return abort();
    if constexpr (kTls) {
      state_ = State::kHandshake;
      lowest().expires_after(seconds(options_.headerTimeoutSeconds));
      beast::async_detect_ssl(lowest(), buffer_, bind(&HttpSession::onDetect));
    } else {
      waitForRequest();
    }
  }

  void onDetect(beast::error_code ec, bool isTls) {
    if (ec) return abort();
    if (!isTls) {
      // A plain-HTTP client on the TLS port: tell it so in plain text, then close.
      shared_.log.info("plain-on-tls", "answered a plain-HTTP request on the TLS port from " + remoteAddress_);
      auto res = std::make_shared<Response>(makeResponse(
          errorReply(400, "invalid_argument", "this port speaks HTTPS (TLS 1.2+); plain HTTP is not served"), 11,
          false));
      state_ = State::kClosing;
      lowest().expires_after(kWriteTimeout);
      http::async_write(lowest(), *res, [self = this->shared_from_this(), res](beast::error_code, std::size_t) {
        self->abort();
      });
      return;
    }
    if constexpr (kTls) {
      stream_.async_handshake(ssl::stream_base::server, buffer_.data(), bind(&HttpSession::onHandshake));
    }
  }

  void onHandshake(beast::error_code ec, std::size_t used) {
    if (ec) {
      shared_.log.warn("tls-handshake", "TLS handshake with " + remoteAddress_ + " failed: " + ec.message());
      return abort();
    }
    buffer_.consume(used);
    waitForRequest();
  }

  // Waits for the next request's first byte under the idle timeout (the first request also under the
  // header timeout, so a connection that never speaks is closed as quickly as a slow one).
  void waitForRequest() {
    if (shared_.stopping) return abort();
    state_ = State::kIdle;
    if (buffer_.size() > 0) return readHeader();
    const auto idle = firstRequest_ ? std::min(options_.readTimeoutSeconds, options_.headerTimeoutSeconds)
                                    : options_.readTimeoutSeconds;
    lowest().expires_after(seconds(idle));
    stream_.async_read_some(buffer_.prepare(kFirstReadBytes), bind(&HttpSession::onFirstBytes));
  }

  void onFirstBytes(beast::error_code ec, std::size_t bytes) {
    buffer_.commit(bytes);
    if (ec) return abort();  // idle timeout, the client went away, or stop()
    readHeader();
  }

  void readHeader() {
    state_ = State::kHeader;
    firstRequest_ = false;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(options_.maxHeaderBytes, UINT32_MAX)));
    parser_->body_limit(options_.maxBodyBytes);
    lowest().expires_after(seconds(options_.headerTimeoutSeconds));
    http::async_read_header(stream_, buffer_, *parser_, bind(&HttpSession::onHeader));
  }

  void onHeader(beast::error_code ec, std::size_t) {
    if (ec) return failRead(ec);
    if (const auto length = parser_->content_length(); length && *length > options_.maxBodyBytes)
      return failRead(http::error::body_limit);
    if (parser_->is_done()) return dispatchRequest();
    // Reserve memory for the body before reading it: its declared size, or the limit when chunked.
    bodyReservation_ = shared_.bodies.tryReserve(parser_->content_length().value_or(options_.maxBodyBytes));
    if (!bodyReservation_) {
      shared_.log.warn("body-budget", "answered 503: request bodies in memory would pass " +
                                          std::to_string(options_.maxBufferedBodyBytes) + " bytes");
      return replyAndClose(unavailable("the engine is busy receiving other requests; retry later"));
    }
    state_ = State::kBody;
    lowest().expires_after(seconds(options_.bodyTimeoutSeconds));
    if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
      net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                       [self = this->shared_from_this()](beast::error_code writeEc, std::size_t) {
                         if (writeEc) return self->abort();
                         self->readBody();
                       });
      return;
    }
    readBody();
  }

  void readBody() { http::async_read(stream_, buffer_, *parser_, bind(&HttpSession::onBody)); }

  void onBody(beast::error_code ec, std::size_t) {
    if (ec) return failRead(ec);
    dispatchRequest();
  }

  void failRead(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      shared_.log.warn("body-limit", "refused a request body larger than " + std::to_string(options_.maxBodyBytes) +
                                         " bytes from " + remoteAddress_);
      return replyAndClose(errorReply(413, "invalid_argument", "request body larger than " +
                                                                   std::to_string(options_.maxBodyBytes) + " bytes"));
    }
    if (ec == http::error::header_limit) {
      shared_.log.warn("header-limit", "refused a request header larger than " +
                                           std::to_string(options_.maxHeaderBytes) + " bytes from " + remoteAddress_);
      return replyAndClose(errorReply(431, "invalid_argument", "request header larger than " +
                                                                   std::to_string(options_.maxHeaderBytes) + " bytes"));
    }
    if (ec == beast::error::timeout) {
      shared_.log.info("read-timeout", std::string("closed a connection from ") + remoteAddress_ + ": the " +
                                           (state_ == State::kBody ? "body" : "header") +
                                           " did not arrive in time");
      return abort();
    }
    if (isQuietDisconnect(ec) || shared_.stopping) return abort();
    shared_.log.warn("malformed", "malformed request from " + remoteAddress_ + ": " + ec.message());
    replyAndClose(errorReply(400, "invalid_argument", "malformed HTTP request: " + ec.message()));
  }

  void dispatchRequest() {
    request_ = parser_->release();
    parser_.reset();
    state_ = State::kHandling;
    lowest().expires_never();
    const std::string_view target = toStd(request_.target());
    if (request_.method() == http::verb::get && target.substr(0, target.find('?')) == "/api/health")
      return writeReply(route(), false);  // cheap: answered here so health works while workers are busy
    const bool queued = shared_.workers.trySubmit([self = this->shared_from_this()](bool cancelled) {
      HttpReply reply = cancelled ? unavailable("the engine is stopping; retry later") : self->routeOrFail();
      net::post(self->stream_.get_executor(), [self, reply = std::move(reply)]() mutable {
        self->writeReply(std::move(reply), false);
      });
    });
    if (!queued) {
      shared_.log.warn("busy", "answered 503: " + std::to_string(options_.maxCommandsInFlight) +
                                   " requests running and " + std::to_string(options_.maxQueuedRequests) +
                                   " queued");
      writeReply(unavailable("the engine is busy: too many requests in flight; retry later"), false);
    }
  }

  // route(), and a 500 should it throw (it is documented not to): a reply is always written.
  HttpReply routeOrFail() {
    try {
      return route();
    } catch (const std::exception& e) {
      spdlog::error("http: the router failed: {}", e.what());
    } catch (...) {
      spdlog::error("http: the router failed with an unknown exception");
    }
    return errorReply(500, "internal", "internal error");
  }

  // Runs the router (on a worker, or inline for health). request_ is not touched by the strand meanwhile.
  HttpReply route() {
    const auto started = std::chrono::steady_clock::now();
    const std::string_view method = toStd(request_.method_string());
    const std::string_view target = toStd(request_.target());
    HttpReply reply = shared_.router.handle(HttpRequestView{
        method, target, toStd(request_[http::field::content_type]), toStd(request_[http::field::host]),
        request_.body(), toStd(request_[http::field::authorization]), remoteAddress_,
        toStd(request_[http::field::if_none_match]), toStd(request_[http::field::accept])});
    const auto elapsedMs =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    std::string correlation = reply.body.contains("correlation_id") && reply.body["correlation_id"].is_string()
                                  ? reply.body["correlation_id"].template get<std::string>()
                                  : std::string("-");
    for (const auto& [name, value] : reply.headers)
      if (name == "X-Correlation-Id") correlation = value;  // REST replies carry it as a header
    const std::string line = std::string(method) + " " + std::string(target).substr(0, 200) + " -> " +
                             std::to_string(reply.status) + " (" + std::to_string(elapsedMs) +
                             " ms, correlation " + correlation + ")";
    if (reply.status < 400)
      spdlog::info("http: {}", line);
    else
      shared_.log.info("status-" + std::to_string(reply.status), line);
    return reply;
  }

  void writeReply(HttpReply reply, bool close) {
    const bool keepAlive = !close && request_.keep_alive() && !shared_.stopping;
    response_.emplace(makeResponse(reply, request_.version(), keepAlive));
    state_ = State::kWriting;
    lowest().expires_after(kWriteTimeout);
    http::async_write(stream_, *response_, [self = this->shared_from_this(), keepAlive](beast::error_code ec, std::size_t) {
      self->response_.reset();
      self->request_ = {};
      self->bodyReservation_.reset();
      if (ec) return self->abort();
      if (keepAlive) return self->waitForRequest();
      self->gracefulClose();
    });
  }

  void replyAndClose(HttpReply reply) {
    request_ = {};
    request_.version(11);
    writeReply(std::move(reply), true);
  }

  // After the last reply: TLS close_notify, or a TCP half-close and a short bounded drain, so the client
  // reads the reply instead of a reset.
  void gracefulClose() {
    state_ = State::kClosing;
    if constexpr (kTls) {
      lowest().expires_after(kTlsShutdownTimeout);
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->abort(); });
    } else {
      beast::error_code ignored;
      lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
      lowest().expires_after(kDrainTimeout);
      drainBuffer_ = std::make_unique<std::array<char, kDrainChunkBytes>>();
      drain();
    }
  }

  void drain() {
    lowest().async_read_some(net::buffer(*drainBuffer_), [self = this->shared_from_this()](beast::error_code ec,
                                                                                          std::size_t bytes) {
      self->drained_ += bytes;
      if (ec || self->drained_ >= kDrainBytes) return self->abort();
      self->drain();
    });
  }

  void abort() {
    if (state_ == State::kClosed) return;
    state_ = State::kClosed;
    beast::error_code ignored;
    lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
    lowest().socket().close(ignored);
  }

  const HttpSessionShared& shared_;
  const HttpOptions& options_;
  std::unique_ptr<ConnectionLimiter::Slot> slot_;
  const std::string remoteAddress_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Request request_;
  std::optional<Response> response_;
  std::unique_ptr<ByteBudget::Reservation> bodyReservation_;  // from the header until the reply is written
  State state_ = State::kHandshake;
  bool firstRequest_ = true;
  std::unique_ptr<std::array<char, kDrainChunkBytes>> drainBuffer_;  // only while draining
  std::size_t drained_ = 0;
};

}  // namespace

std::shared_ptr<HttpConnection> startHttpConnection(tcp::socket socket, std::unique_ptr<ConnectionLimiter::Slot> slot,
                                                    std::string remoteAddress, const HttpSessionShared& shared,
                                                    ssl::context* tls) {
  if (tls != nullptr) {
    auto session = std::make_shared<HttpSession<beast::ssl_stream<beast::tcp_stream>>>(
        std::move(socket), std::move(slot), std::move(remoteAddress), shared, tls);
    session->start();
    return session;
  }
  auto session = std::make_shared<HttpSession<beast::tcp_stream>>(std::move(socket), std::move(slot),
                                                                   std::move(remoteAddress), shared, tls);
  session->start();
  return session;
}

}  // namespace georep::engine
