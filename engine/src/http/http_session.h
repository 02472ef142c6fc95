// One accepted HTTP connection (plain TCP or TLS) as an asynchronous state machine on its own strand:
// [TLS detect + handshake] -> wait for the first byte (idle timeout) -> header (header timeout, size
// limit) -> body (Content-Length checked first, body timeout, size limit) -> hand the request to the
// worker pool (or answer health inline, or 503 when the pool is full) -> write the reply -> next request.
// Any protocol error gets a typed JSON error reply, then a graceful close.
// Thread-safety: everything a connection does runs on its strand; closeIfIdle() may be called from any
// thread. The HttpSessionShared it points to must outlive every connection.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include <boost/asio/ip/tcp.hpp>

#include "engine/src/http/byte_budget.h"
#include "engine/src/http/connection_limiter.h"

namespace boost::asio::ssl {
class context;
}

namespace georep::engine {

struct HttpOptions;
class HttpRouter;
class BoundedWorkerPool;
class LogRateLimiter;

// What every connection of one server shares; owned by the server.
struct HttpSessionShared {
  const HttpOptions& options;
  const HttpRouter& router;
  BoundedWorkerPool& workers;
  LogRateLimiter& log;
  ByteBudget& bodies;
  const std::atomic<bool>& stopping;
};

class HttpConnection {
 public:
  virtual ~HttpConnection() = default;
  // Closes the connection unless a request is being handled or answered (for stop()).
  virtual void closeIfIdle() = 0;
};

// Starts serving socket (whose executor is a strand). tls == nullptr: plain HTTP.
std::shared_ptr<HttpConnection> startHttpConnection(boost::asio::ip::tcp::socket socket,
                                                    std::unique_ptr<ConnectionLimiter::Slot> slot,
                                                    std::string remoteAddress, const HttpSessionShared& shared,
                                                    boost::asio::ssl::context* tls);

}  // namespace georep::engine
