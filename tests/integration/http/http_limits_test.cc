// What a hostile network client can throw at the engine's HttpServer, and the limit that stops each
// attack before any work: JSON nesting, huge bodies and headers, many idle connections, the per-address
// cap, slowloris headers, saturated workers. Each test checks the server still answers afterwards.
#include <poll.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "http_server_fixture.h"
#include "http_test_client.h"

namespace georep::engine {
namespace {

using nlohmann::json;
using testing::HttpTestRequest;
using testing::RawConnection;
using Clock = std::chrono::steady_clock;

constexpr const char* kHealthThenClose = "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

bool startsWith(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

class HttpLimitsTest : public HttpServerFixture {};

TEST_F(HttpLimitsTest, DeeplyNestedJsonIsRefusedAndTheEngineLivesOn) {
  start();  // the default 1 MiB body limit lets the 400 KB attack through to the JSON check
  const std::size_t depth = 200000;
  HttpTestRequest r;
  r.method = "POST";
  r.target = "/api/commands/test.echo";
  r.body = "{\"x\":" + std::string(depth, '[') + std::string(depth, ']') + "}";
  const auto reply = httpRequest(port_, r);
  EXPECT_EQ(reply.status, 400u) << reply.rawBody;
  EXPECT_EQ(reply.body["error"]["code"], "invalid_argument") << reply.rawBody;
  EXPECT_EQ(reply.body["error"]["field"], "body") << reply.rawBody;
  EXPECT_EQ(httpGet(port_, "/api/health").status, 200u);
  // Nesting up to the limit is still a normal request.
  const json nested = json::parse(std::string(10, '[') + std::string(10, ']'));
  const auto ok = httpPost(port_, "test.echo", {{"x", nested}});
  EXPECT_EQ(ok.status, 200u) << ok.rawBody;
  EXPECT_EQ(ok.body["result"]["params"]["x"], nested);
}

TEST_F(HttpLimitsTest, AFiftyMegabyteBodyIs413WithoutTheServerReadingIt) {
  start();
  const std::size_t declared = 50u << 20;
  RawConnection conn(port_, std::chrono::seconds(10));
  ASSERT_TRUE(conn.connected());
  conn.send("POST /api/commands/test.echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Content-Length: " + std::to_string(declared) + "\r\n\r\n{\"pad\":\"");
  std::atomic<std::size_t> sent{0};
  std::thread uploader([&] {
    const std::string chunk(64 * 1024, 'x');
    while (sent < declared) {
      const std::size_t n = conn.sendSome(chunk);
      if (n == 0) return;  // the server closed the connection (or stopped reading for 10 s)
      sent += n;
    }
  });
  const std::string answer = conn.readAll();
  uploader.join();
  EXPECT_TRUE(startsWith(answer, "HTTP/1.1 413")) << answer.substr(0, 200);
  EXPECT_NE(answer.find("invalid_argument"), std::string::npos);
  EXPECT_LT(sent.load(), declared) << "the server let the client upload the whole body";
  EXPECT_EQ(sleepersEntered_, 0);
  EXPECT_EQ(httpGet(port_, "/api/health").status, 200u);
}

TEST_F(HttpLimitsTest, AChunkedBodyIsCutAtTheLimit) {
  HttpOptions options;
  options.maxBodyBytes = 4096;
  start(options);
  RawConnection conn(port_);
  std::string request = "POST /api/commands/test.echo HTTP/1.1\r\nHost: 127.0.0.1\r\n" + authorizationLine() +
                        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 10; ++i) request += "400\r\n" + std::string(1024, ' ') + "\r\n";
  conn.send(request);
  const std::string answer = conn.readAll();
  EXPECT_TRUE(startsWith(answer, "HTTP/1.1 413")) << answer.substr(0, 200);
}

TEST_F(HttpLimitsTest, BodiesHeldAtOnceAreBoundedInTotal) {
  HttpOptions options;
  options.maxBodyBytes = 4096;
  options.maxBufferedBodyBytes = 8192;
  start(options);
  const std::string header = "POST /api/commands/test.echo HTTP/1.1\r\nHost: 127.0.0.1\r\n" + authorizationLine() +
                             "Content-Type: application/json\r\nConnection: close\r\nContent-Length: 4096\r\n\r\n";
  const std::string body = "{\"x\":[" + std::string(4096 - 8, ' ') + "]}";
  // Two slow uploads take the whole budget ...
  RawConnection first(port_), second(port_);
  first.send(header + "{");
  second.send(header + "{");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  // ... so a third body is refused before it is read,
  RawConnection third(port_);
  third.send(header + body);
  const std::string refused = third.readAll();
  EXPECT_TRUE(startsWith(refused, "HTTP/1.1 503")) << refused.substr(0, 200);
  EXPECT_NE(refused.find("Retry-After"), std::string::npos);
  // and once an upload completes, its share is free again.
  first.send(body.substr(1));
  EXPECT_TRUE(startsWith(first.readAll(), "HTTP/1.1 200"));
  RawConnection fourth(port_);
  fourth.send(header + body);
  EXPECT_TRUE(startsWith(fourth.readAll(), "HTTP/1.1 200"));
}

TEST_F(HttpLimitsTest, AnOversizedHeaderIs431) {
  start();
  RawConnection conn(port_);
  conn.send("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + std::string(20000, 'a') + "\r\n\r\n");
  const std::string answer = conn.readAll();
  EXPECT_TRUE(startsWith(answer, "HTTP/1.1 431")) << answer.substr(0, 200);
  EXPECT_EQ(httpGet(port_, "/api/health").status, 200u);
}

TEST_F(HttpLimitsTest, AThousandIdleConnectionsDoNotStarveOtherClients) {
  HttpOptions options;  // the default total cap; a high per-address cap, since every client here is 127.0.0.1
  options.maxConnectionsPerAddress = 5000;
  options.headerTimeoutSeconds = 120;
  options.readTimeoutSeconds = 120;
  start(options);
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 1000; ++i) {
    idle.push_back(std::make_unique<RawConnection>(port_, std::chrono::seconds(10)));
    ASSERT_TRUE(idle.back()->connected()) << "connection " << i;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let the server accept them all
  // Another client is answered, within a generous bound (a liveness check, not a benchmark).
  auto other = std::async(std::launch::async, [&] {
    return std::make_pair(httpGet(port_, "/api/health"), httpPost(port_, "test.echo", {{"x", {1}}}));
  });
  ASSERT_EQ(other.wait_for(std::chrono::seconds(10)), std::future_status::ready) << "no answer within 10 s";
  const auto [health, echo] = other.get();
  EXPECT_EQ(health.status, 200u) << health.rawBody;
  EXPECT_EQ(echo.status, 200u) << echo.rawBody;
  // The idle connections were held open, not dropped: the first and the last still get answers.
  for (std::size_t i : {std::size_t{0}, idle.size() / 2, idle.size() - 1}) {
    idle[i]->send(kHealthThenClose);
    const std::string answer = idle[i]->readAll();
    EXPECT_TRUE(startsWith(answer, "HTTP/1.1 200")) << "idle connection " << i << ": " << answer;
  }
}

TEST_F(HttpLimitsTest, OneAddressCannotTakeMoreThanItsShareOfConnections) {
  HttpOptions options;
  options.maxConnectionsPerAddress = 3;
  start(options);
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 3; ++i) held.push_back(std::make_unique<RawConnection>(port_));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let the server admit them
  RawConnection refused(port_);
  const std::string answer = refused.readAll();
  EXPECT_TRUE(startsWith(answer, "HTTP/1.1 503")) << answer;
  EXPECT_NE(answer.find("unavailable"), std::string::npos);
  EXPECT_NE(answer.find("Retry-After"), std::string::npos);

  RawConnection other(port_, std::chrono::seconds(5), "127.0.0.2");  // another client address is still served
  ASSERT_TRUE(other.connected());
  other.send(kHealthThenClose);
  EXPECT_TRUE(startsWith(other.readAll(), "HTTP/1.1 200"));

  held.pop_back();  // a slot given back is usable again
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  std::string again;
  while (Clock::now() < deadline) {
    RawConnection retry(port_);
    retry.send(kHealthThenClose);
    again = retry.readAll();
    if (startsWith(again, "HTTP/1.1 200")) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(startsWith(again, "HTTP/1.1 200")) << again;
}

TEST_F(HttpLimitsTest, ASlowlorisHeaderIsCutAtTheHeaderTimeout) {
  HttpOptions options;
  options.headerTimeoutSeconds = 2;
  options.readTimeoutSeconds = 60;  // the idle timeout must not be what cuts it
  start(options);
  RawConnection conn(port_, std::chrono::seconds(1));
  const std::string header = "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + std::string(100, 'a');
  const auto started = Clock::now();
  std::size_t trickled = 0;
  bool closed = false;
  while (!closed && trickled < header.size() && Clock::now() - started < std::chrono::seconds(15)) {
    conn.send(header.substr(trickled++, 1));
    // Wait a second for the server to close the connection; a byte a second otherwise.
    pollfd pfd{conn.fd(), POLLIN, 0};
    if (::poll(&pfd, 1, 1000) > 0) {
      char byte = 0;
      closed = ::recv(conn.fd(), &byte, 1, 0) <= 0;
    }
  }
  const auto elapsed = Clock::now() - started;
  EXPECT_TRUE(closed) << "the server kept a trickling header for " << trickled << " s";
  EXPECT_GE(elapsed, std::chrono::milliseconds(1500));
  EXPECT_LT(elapsed, std::chrono::seconds(6));
  EXPECT_EQ(httpGet(port_, "/api/health").status, 200u);
}

TEST_F(HttpLimitsTest, SaturatedWorkersAnswer503WithRetryAfterAndHealthStillAnswers) {
  HttpOptions options;
  options.maxCommandsInFlight = 2;
  options.maxQueuedRequests = 1;
  start(options);
  std::vector<std::future<testing::HttpTestReply>> slow;
  for (int i = 0; i < 2; ++i)
    slow.push_back(std::async(std::launch::async, [&] { return httpPost(port_, "test.sleep", {{"ms", 1500}}); }));
  waitForSleepers(2);
  slow.push_back(std::async(std::launch::async, [&] { return httpPost(port_, "test.sleep", {{"ms", 10}}); }));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // queued behind the two running
  const auto refused = httpPost(port_, "test.echo", json::object());
  EXPECT_EQ(refused.status, 503u) << refused.rawBody;
  EXPECT_EQ(refused.body["error"]["code"], "unavailable");
  ASSERT_TRUE(refused.headers.count("Retry-After"));
  EXPECT_EQ(refused.headers.at("Retry-After"), "1");
  const auto health = httpGet(port_, "/api/health");
  EXPECT_EQ(health.status, 200u);
  for (auto& f : slow) EXPECT_EQ(f.get().status, 200u);  // the running and the queued ones all finish
  EXPECT_EQ(httpPost(port_, "test.echo", json::object()).status, 200u);
}

TEST_F(HttpLimitsTest, PlainHttpBeyondLoopbackIsRefusedAtStart) {
  for (const char* address : {"0.0.0.0", "::"}) {
    HttpOptions options;
    options.address = address;
    options.port = 0;
    HttpServer server(bus_, audit_, options);
    try {
      server.start();
      ADD_FAILURE() << "plain HTTP on " << address << " should be refused";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("without TLS"), std::string::npos) << e.what();
    }
    EXPECT_EQ(server.port(), 0);
  }
}

}  // namespace
}  // namespace georep::engine
