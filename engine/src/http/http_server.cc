#include "engine/src/http/http_server.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <list>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <spdlog/spdlog.h>

#include "engine/src/http/bounded_worker_pool.h"
#include "engine/src/http/byte_budget.h"
#include "engine/src/http/connection_limiter.h"
#include "engine/src/http/file_descriptor_limit.h"
#include "engine/src/http/http_router.h"
#include "engine/src/http/job_launcher.h"
#include "engine/src/http/http_session.h"
#include "engine/src/http/log_rate_limiter.h"
#include "engine/src/http/static_files.h"
#include "engine/src/http/tls_context.h"

namespace georep::engine {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr std::size_t kReservedFileDescriptors = 256;  // database pool, plugins, ssh, logs, ...
constexpr std::size_t kMaxRefusalsInFlight = 256;      // beyond: refused connections are closed without a word
constexpr auto kRefusalTimeout = std::chrono::seconds(2);
constexpr auto kAcceptRetry = std::chrono::milliseconds(200);
constexpr auto kStopGrace = std::chrono::seconds(10);
constexpr std::size_t kLogLinesPerInterval = 5;
constexpr auto kLogInterval = std::chrono::seconds(10);

bool isLoopbackAddress(const std::string& address) {
  boost::system::error_code ec;
  const auto parsed = net::ip::make_address(address, ec);
  return !ec && parsed.is_loopback();
}

std::string clientAddress(const tcp::socket& socket) {
  boost::system::error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  if (ec) return {};
  auto address = endpoint.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped())
    address = net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6());
  return address.to_string();
}

std::string refusalResponse(const std::string& message) {
  const std::string body = R"({"ok":false,"correlation_id":null,"error":{"code":"unavailable","message":")" +
                           message + "\"}}\n";
  return "HTTP/1.1 503 Service Unavailable\r\nServer: georep-engine\r\nContent-Type: application/json\r\n"
         "Cache-Control: no-store\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

// Answers a connection refused for a cap with 503 (plain HTTP only), bounded in time, then closes it.
struct Refusal : std::enable_shared_from_this<Refusal> {
  Refusal(tcp::socket s, std::string text, std::atomic<std::size_t>& inFlight)
      : socket(std::move(s)), timer(socket.get_executor()), response(std::move(text)), inFlight(inFlight) {
    ++inFlight;
  }
  ~Refusal() { --inFlight; }

  void start() {
    timer.expires_after(kRefusalTimeout);
    timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->close();
    });
    net::async_write(socket, net::buffer(response), [self = shared_from_this()](boost::system::error_code, std::size_t) {
      self->timer.cancel();
      self->close();
    });
  }

  void close() {
    boost::system::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
  }

  tcp::socket socket;
  net::steady_timer timer;
  std::string response;
  std::atomic<std::size_t>& inFlight;
};

// The web console's files, or null when none is configured. A configured root that cannot be served
// throws; the build-time default (webRootOptional) only warns, so an engine built without the console runs.
std::unique_ptr<StaticFiles> makeStaticFiles(const HttpOptions& options) {
  if (options.webRoot.empty()) return nullptr;
  try {
    return std::make_unique<StaticFiles>(options.webRoot, ::geteuid());
  } catch (const std::runtime_error& e) {
    if (!options.webRootOptional) throw;
    spdlog::warn("http: no web console at /: {}", e.what());
    return nullptr;
  }
}

}  // namespace

class HttpServer::Impl {
 public:
  Impl(api::CommandBus& bus, AuditLog& auditLog, HttpOptions options, auth::Authenticator* authenticator,
       const EngineRouteTable* routes, JobStore* jobs, const EngineMetricsRegistry* metrics)
      : options_(std::move(options)),
        jobs_(jobs == nullptr ? nullptr
                              : std::make_unique<JobLauncher>(bus, *jobs,
                                                              [this](std::function<void(bool)> work) {
                                                                return workers_ && !stopping_ &&
                                                                       workers_->trySubmit(std::move(work));
                                                              })),
        staticFiles_(makeStaticFiles(options_)),
        router_(bus, auditLog, isLoopbackAddress(options_.address), authenticator, routes, jobs_.get(), metrics,
                staticFiles_.get()),
        log_(kLogLinesPerInterval, kLogInterval),
        acceptor_(net::make_strand(ioc_)) {}

  ~Impl() { stop(); }

  void start() {
    if (started_) throw std::logic_error("HttpServer already started");
    boost::system::error_code ec;
    const auto address = net::ip::make_address(options_.address, ec);
    if (ec) throw std::runtime_error("http: invalid listen address '" + options_.address + "': " + ec.message());
    const bool tls = !options_.tlsCertificate.empty() || !options_.tlsPrivateKey.empty();
    if (tls && (options_.tlsCertificate.empty() || options_.tlsPrivateKey.empty()))
      throw std::runtime_error("http: TLS needs both http.tls_certificate and http.tls_private_key");
    if (!tls && !address.is_loopback())
      throw std::runtime_error("http: refusing to listen on " + options_.address +
                               " without TLS: only a loopback address may be served in plain HTTP; set "
                               "http.tls_certificate and http.tls_private_key (PEM files), or listen on 127.0.0.1");
    if (options_.ioThreads == 0 || options_.maxCommandsInFlight == 0 || options_.maxConnections == 0 ||
        options_.maxConnectionsPerAddress == 0)
      throw std::runtime_error("http: ioThreads, maxCommandsInFlight and the connection caps must be at least 1");
    if (options_.maxBufferedBodyBytes < options_.maxBodyBytes)
      throw std::runtime_error("http: maxBufferedBodyBytes (" + std::to_string(options_.maxBufferedBodyBytes) +
                               ") must be at least maxBodyBytes (" + std::to_string(options_.maxBodyBytes) + ")");
    if (tls) tls_ = makeServerTlsContext(options_.tlsCertificate, options_.tlsPrivateKey);

    const std::size_t fileLimit = raiseFileDescriptorLimit();
    const std::size_t fdRoom = fileLimit > kReservedFileDescriptors ? fileLimit - kReservedFileDescriptors : 1;
    if (options_.maxConnections > fdRoom) {
      spdlog::warn("http: the open-file limit {} allows {} connections, not {}: capping", fileLimit, fdRoom,
                   options_.maxConnections);
      options_.maxConnections = fdRoom;
    }
    limiter_.emplace(options_.maxConnections, options_.maxConnectionsPerAddress);

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
    workers_.emplace(options_.maxCommandsInFlight, options_.maxQueuedRequests);
    bodies_.emplace(options_.maxBufferedBodyBytes);
    shared_.emplace(HttpSessionShared{options_, router_, *workers_, log_, *bodies_, stopping_});
    spdlog::info("http: listening on {}:{} ({}); open-file limit {}: up to {} connections, {} per client address; "
                 "{} I/O threads, {} commands at once, {} queued",
                 options_.address, port_.load(), tls ? "TLS" : "plain HTTP, loopback only", fileLimit,
                 options_.maxConnections, options_.maxConnectionsPerAddress, options_.ioThreads,
                 options_.maxCommandsInFlight, options_.maxQueuedRequests);
    doAccept();
    scheduleSuppressedReport();
    // Replies posted by workers must find the I/O threads running even when no socket operation is pending.
    workGuard_.emplace(ioc_.get_executor());
    for (std::size_t i = 0; i < options_.ioThreads; ++i) ioThreads_.emplace_back([this] { ioc_.run(); });
  }

  void stop() {
    if (!started_ || stopped_) return;
    stopped_ = true;
    stopping_ = true;
    net::post(acceptor_.get_executor(), [this] {
      boost::system::error_code ignored;
      acceptor_.close(ignored);
      retryTimer_.reset();
      reportTimer_.reset();
    });
    std::list<std::weak_ptr<HttpConnection>> connections;
    {
      std::lock_guard lock(mutex_);
      connections.swap(connections_);
    }
    for (auto& weak : connections)
      if (auto conn = weak.lock()) conn->closeIfIdle();
    workers_->stop();  // queued requests are answered 503; running ones finish and post their replies
    const auto deadline = std::chrono::steady_clock::now() + kStopGrace;
    while ((limiter_->open() > 0 || refusalsInFlight_ > 0) && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    workGuard_.reset();
    ioc_.stop();
    for (auto& thread : ioThreads_)
      if (thread.joinable()) thread.join();
    log_.reportSuppressed();
    spdlog::info("http: stopped");
  }

  std::uint16_t port() const { return port_; }

 private:
  // Every log interval: the "suppressed K" lines of floods that have stopped (runs on the acceptor's strand).
  void scheduleSuppressedReport() {
    reportTimer_.emplace(acceptor_.get_executor(), kLogInterval);
    reportTimer_->async_wait([this](boost::system::error_code ec) {
      if (ec || stopping_) return;
      log_.reportSuppressed();
      scheduleSuppressedReport();
    });
  }

  void doAccept() {
    acceptor_.async_accept(net::make_strand(ioc_), [this](boost::system::error_code ec, tcp::socket socket) {
      if (stopping_ || ec == net::error::operation_aborted) return;
      if (ec) {
        // Typically out of file descriptors: back off briefly rather than spin.
        log_.warn("accept", "accept failed: " + ec.message());
        retryTimer_.emplace(acceptor_.get_executor(), kAcceptRetry);
        retryTimer_->async_wait([this](boost::system::error_code waitEc) {
          if (!waitEc && !stopping_) doAccept();
        });
        return;
      }
      try {
        admit(std::move(socket));
      } catch (const std::exception& e) {
        log_.warn("admit", std::string("cannot serve a new connection: ") + e.what());
      }
      doAccept();
    });
  }

  void admit(tcp::socket socket) {
    const std::string address = clientAddress(socket);
    ConnectionLimiter::Refusal refusal = ConnectionLimiter::Refusal::kNone;
    auto slot = limiter_->tryAdmit(address, refusal);
    if (!slot) {
      const std::string why = refusal == ConnectionLimiter::Refusal::kTotal
                                  ? std::to_string(options_.maxConnections) + " connections already open"
                                  : std::to_string(options_.maxConnectionsPerAddress) +
                                        " connections already open from " + address;
      log_.warn(refusal == ConnectionLimiter::Refusal::kTotal ? "connection-cap" : "address-cap",
                "refusing a connection from " + address + ": " + why);
      if (tls_ || refusalsInFlight_ >= kMaxRefusalsInFlight) {
        boost::system::error_code ignored;
        socket.close(ignored);
        return;
      }
      std::make_shared<Refusal>(std::move(socket), refusalResponse("too many connections (" + why + "); retry later"),
                                refusalsInFlight_)
          ->start();
      return;
    }
    auto connection = startHttpConnection(std::move(socket), std::move(slot), address, *shared_, tls_.get());
    std::lock_guard lock(mutex_);
    if (connections_.size() > 2 * limiter_->open() + 64)
      connections_.remove_if([](const std::weak_ptr<HttpConnection>& weak) { return weak.expired(); });
    connections_.push_back(connection);
  }

  HttpOptions options_;
  std::unique_ptr<JobLauncher> jobs_;  // before router_, which holds it
  std::unique_ptr<StaticFiles> staticFiles_;  // before router_, which points to it
  HttpRouter router_;
  LogRateLimiter log_;
  std::optional<ConnectionLimiter> limiter_;          // outlives the io_context: sessions hold its slots
  std::optional<BoundedWorkerPool> workers_;
  std::optional<ByteBudget> bodies_;                 // outlives the io_context: sessions hold reservations
  std::shared_ptr<boost::asio::ssl::context> tls_;
  std::optional<HttpSessionShared> shared_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> refusalsInFlight_{0};
  std::mutex mutex_;
  std::list<std::weak_ptr<HttpConnection>> connections_;
  net::io_context ioc_;  // destroyed first: pending handlers (and the sessions they hold) go before the rest
  tcp::acceptor acceptor_;
  std::optional<net::steady_timer> retryTimer_;
  std::optional<net::steady_timer> reportTimer_;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> workGuard_;
  std::vector<std::thread> ioThreads_;
  std::atomic<std::uint16_t> port_{0};
  bool started_ = false;
  bool stopped_ = false;
};

HttpServer::HttpServer(api::CommandBus& bus, AuditLog& auditLog, HttpOptions options,
                       auth::Authenticator* authenticator, const EngineRouteTable* routes, JobStore* jobs,
                       const EngineMetricsRegistry* metrics)
    : impl_(std::make_unique<Impl>(bus, auditLog, std::move(options), authenticator, routes, jobs, metrics)) {}

HttpServer::~HttpServer() = default;

void HttpServer::start() { impl_->start(); }

void HttpServer::stop() { impl_->stop(); }

std::uint16_t HttpServer::port() const { return impl_->port(); }

}  // namespace georep::engine
