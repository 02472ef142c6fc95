// ScriptedHttpServer: a one-thread HTTP/1.1 server on 127.0.0.1 for georepctl's unit tests. It answers
// each connection with the next scripted reply (status, JSON body, extra headers) and records every
// request as received (request line, headers, body), so a test can check what georepctl sent (e.g. the
// Authorization header) and what it printed for a given answer (e.g. a 401), without an engine.
// Thread-safety: requests() may be called from the test thread while the server thread runs (mutex).
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace georep::cli::testing {

struct ScriptedReply {
  unsigned status = 200;
  std::string body;
  std::vector<std::string> headers;  // "Name: value"
};

class ScriptedHttpServer {
 public:
  explicit ScriptedHttpServer(std::vector<ScriptedReply> script);
  ~ScriptedHttpServer();
  ScriptedHttpServer(const ScriptedHttpServer&) = delete;
  ScriptedHttpServer& operator=(const ScriptedHttpServer&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // The raw requests received so far.
  std::vector<std::string> requests() const;

 private:
  void serve();

  std::vector<ScriptedReply> script_;
  int listenFd_ = -1;
  std::uint16_t port_ = 0;
  mutable std::mutex mutex_;
  std::vector<std::string> requests_;
  std::thread thread_;
};

}  // namespace georep::cli::testing
