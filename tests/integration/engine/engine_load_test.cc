// Issue 15's DB pool deadlock, against the real georep-engine executable with the real plugin on a small
// database pool (8): 200 client threads hammer every read command and GET /api/events while 16 threads run
// the mutating commands (their cluster's only host refuses SSH, so gluster calls fail fast with typed
// errors), for several seconds. Every reply is a JSON envelope with an allowed status (never 500; 503 only
// with Retry-After), GET /api/health answers throughout, a read succeeds soon after the load, and SIGTERM
// stops the engine with exit status 0 while slow requests are still in flight. Before the bounded,
// non-nesting lease the engine froze for good here and SIGTERM no longer stopped it. A watchdog kills the
// engine and fails the binary rather than hanging ctest.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include "support/engine_admin.h"
#include "support/engine_child.h"
#include "support/free_port.h"
#include "support/test_database.h"

namespace georep::engine {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using georep::testing::TestDatabase;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr int kPoolSize = 8;
constexpr int kReadClients = 200;
constexpr int kMutatingClients = 16;
constexpr auto kLoadDuration = 6s;
constexpr auto kClientTimeout = 15s;  // a load client gives up on a reply after this (a failure)
constexpr auto kWatchdog = 100s;
// Clients per source address (127.0.0.x), below the engine's per-address connection cap (64).
constexpr int kClientsPerAddress = 40;

struct Reply {
  int status = 0;  // 0: no HTTP reply (connect, send or receive failed or timed out)
  std::map<std::string, std::string> headers;  // names lower-cased
  json body;                                   // discarded when not JSON
  std::string error;                           // why status is 0
};

// One request on a fresh connection from `source` (a 127.0.0.x address), read until the engine closes.
Reply exchange(std::uint16_t port, const std::string& source, const std::string& method, const std::string& target,
               const std::string& token, const std::optional<json>& body, std::chrono::seconds timeout) {
  Reply reply;
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return reply.error = "socket failed", reply;
  timeval tv{static_cast<time_t>(timeout.count()), 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  ::inet_pton(AF_INET, source.c_str(), &local.sin_addr);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return reply.error = "connect failed: " + std::string(std::strerror(errno)), reply;
  }
  const std::string payload = body ? body->dump() : std::string();
  std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!token.empty()) request += "Authorization: Bearer " + token + "\r\n";
  if (body) request += "Content-Type: application/json\r\nContent-Length: " + std::to_string(payload.size()) + "\r\n";
  request += "\r\n" + payload;
  if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) {
    ::close(fd);
    return reply.error = "send failed", reply;
  }
  std::string raw;
  char buf[8192];
  ssize_t n = 0;
  while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) raw.append(buf, static_cast<std::size_t>(n));
  const int recvErrno = errno;
  ::close(fd);
  const auto headerEnd = raw.find("\r\n\r\n");
  if (raw.rfind("HTTP/1.1 ", 0) != 0 || headerEnd == std::string::npos) {
    return reply.error = (n < 0 ? "receive failed: " + std::string(std::strerror(recvErrno)) : "no reply") +
                         " (" + std::to_string(raw.size()) + " bytes)",
           reply;
  }
  reply.status = std::atoi(raw.c_str() + 9);
  std::size_t line = raw.find("\r\n") + 2;
  while (line < headerEnd) {
    const auto next = raw.find("\r\n", line);
    const std::string field = raw.substr(line, next - line);
    const auto colon = field.find(':');
    if (colon != std::string::npos) {
      std::string name = field.substr(0, colon);
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      reply.headers[name] = field.substr(field.find_first_not_of(' ', colon + 1));
    }
    line = next + 2;
  }
  reply.body = json::parse(raw.substr(headerEnd + 4), nullptr, false);
  return reply;
}

struct Call {
  std::string method;  // GET or POST
  std::string target;  // /api/commands/<name> or /api/events
  std::optional<json> params;
  std::set<int> allowed;  // besides 503 with Retry-After
};

Call command(const std::string& name, json params, std::set<int> allowed) {
  return {"POST", "/api/commands/" + name, std::move(params), std::move(allowed)};
}

// What is wrong with `reply` to `call`, or empty when it is a well-formed answer with an allowed status.
std::string problemWith(const Call& call, const Reply& reply) {
  if (reply.status == 0) return "no reply: " + reply.error;
  if (!reply.body.is_object()) return "the body is not a JSON object";
  if (reply.status == 503) {
    if (!reply.headers.count("retry-after")) return "503 without Retry-After";
  } else if (!call.allowed.count(reply.status)) {
    return "status " + std::to_string(reply.status) + " is not allowed";
  }
  const bool events = call.target.rfind("/api/events", 0) == 0;
  if (reply.status == 200) {
    if (events) return reply.body.contains("events") && reply.body["events"].is_array() ? "" : "no events array";
    return reply.body.value("ok", false) && reply.body.contains("result") ? "" : "200 without ok and result";
  }
  const json* error = reply.body.contains("error") ? &reply.body["error"] : nullptr;
  if (reply.body.value("ok", true) || error == nullptr || !error->is_object() || !(*error)["code"].is_string() ||
      !(*error)["message"].is_string()) {
    return "an error without ok=false and error.code/message";
  }
  return "";
}

// Counts per "<command> <status>" and the first few problems, from many threads.
class Tally {
 public:
  void add(const Call& call, const Reply& reply) {
    const std::string problem = problemWith(call, reply);
    const std::string path = call.target.substr(0, call.target.find('?'));
    const std::string name = path.substr(path.rfind('/') + 1);
    std::lock_guard lock(mutex_);
    ++counts_[name + " " + std::to_string(reply.status)];
    ++total_;
    if (!problem.empty()) {
      ++problems_;
      if (samples_.size() < 20) samples_.push_back(call.target + " -> " + problem + ": " + reply.body.dump().substr(0, 300));
    }
  }
  std::string describe() const {
    std::lock_guard lock(mutex_);
    std::map<int, int> perStatus;
    std::string out;
    for (const auto& [key, n] : counts_) {
      out += "  " + key + ": " + std::to_string(n) + "\n";
      perStatus[std::atoi(key.c_str() + key.rfind(' ') + 1)] += n;
    }
    out += "  per status:";
    for (const auto& [status, n] : perStatus) out += " " + std::to_string(status) + "=" + std::to_string(n);
    return out + "\n  total " + std::to_string(total_) + ", problems " + std::to_string(problems_);
  }
  int total() const { std::lock_guard lock(mutex_); return total_; }
  int problems() const { std::lock_guard lock(mutex_); return problems_; }
  int count(const std::string& key) const {
    std::lock_guard lock(mutex_);
    auto it = counts_.find(key);
    return it == counts_.end() ? 0 : it->second;
  }
  std::vector<std::string> samples() const { std::lock_guard lock(mutex_); return samples_; }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, int> counts_;
  std::vector<std::string> samples_;
  int total_ = 0;
  int problems_ = 0;
};

// Kills the engine and ends the test binary when the test is not done within `limit`: a hung engine must
// fail ctest, not block it (the stuck client threads could never be joined).
class Watchdog {
 public:
  Watchdog(std::chrono::seconds limit, const std::function<void()>& onExpiry)
      : thread_([this, limit, onExpiry] {
          std::unique_lock lock(mutex_);
          if (!done_cv_.wait_for(lock, limit, [this] { return done_; })) {
            std::fprintf(stderr, "WATCHDOG: the load test did not finish within %lld s\n",
                         static_cast<long long>(limit.count()));
            onExpiry();
            std::fflush(stderr);
            std::_Exit(3);
          }
        }) {}
  ~Watchdog() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    done_cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable done_cv_;
  bool done_ = false;
  std::thread thread_;
};

std::string readAll(const fs::path& file) {
  std::ifstream in(file);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string sourceAddress(int client) { return "127.0.0." + std::to_string(2 + client / kClientsPerAddress); }

class EngineLoad : public ::testing::Test {
 protected:
  void SetUp() override {
    // The engine's config in a root-owned 0700 directory (the engine refuses one others could change).
    std::string tmpl = (fs::temp_directory_path() / "georep_load_XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    ::chmod(dir_.c_str(), 0700);
    config_ = dir_ / "engine.json";
    std::ofstream(config_) << json{{"database", {{"pool_size", kPoolSize}}},
                                   {"plugin_config", {{"georep", {{"commands", {{"lock_wait_ms", 2000}}}}}}}}
                                      .dump(2);
    ::chmod(config_.c_str(), 0600);
    log_ = dir_ / "engine.log";
    env_ = {{"GEOREP_DB", db_.connectString()},
            {"GEOREP_HTTP_PORT", "0"},
            {"GEOREP_PLUGINS", std::string(GEOREP_PLUGIN_DIR) + "/libgeorep.so"},
            {"GEOREP_LOG_LEVEL", "info"}};
    try {
      engine_ = std::make_unique<georep::testing::EngineChild>(GEOREP_ENGINE_BINARY, env_, log_, 60s,
                                                               std::vector<std::string>{"--config", config_.string()});
      token_ = georep::testing::bootstrapAdminAndIssueToken(
          {GEOREP_ENGINE_BINARY, {"--config", config_.string()}, {{"GEOREP_DB", db_.connectString()}}});
    } catch (const std::exception& e) {
      FAIL() << e.what();
    }
    seed();
  }

  void TearDown() override {
    if (engine_) engine_->stop(10s);
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  Reply post(const std::string& name, const json& params) {
    return exchange(engine_->port(), "127.0.0.1", "POST", "/api/commands/" + name, token_, params, 5s);
  }

  // A cluster whose only host refuses SSH (a closed loopback port): gluster calls fail fast. Then a primary
  // volume with a few sessions, as the sync job would have stored them.
  void seed() {
    const Reply cluster = post("cluster.add", {{"name", "c1"}, {"transport", "ssh"}});
    ASSERT_EQ(cluster.status, 200) << cluster.body.dump();
    const Reply host = post("host.add", {{"cluster", "c1"},
                                         {"address", "127.0.0.1"},
                                         {"ssh_port", georep::testing::freeLoopbackPort()},
                                         {"host_key_fingerprint", "SHA256:" + std::string(43, 'A')}});
    ASSERT_EQ(host.status, 200) << host.body.dump();
    auto lease = db_.database().lease(10s);
    soci::session& sql = lease.sql();
    sql << "INSERT INTO georep_volumes (cluster_id, name, volume_uuid, volume_type, status, brick_count) "
           "SELECT id, 'mastervol', gen_random_uuid(), 'Replicate', 'Started', 0 FROM clusters WHERE name = 'c1'";
    for (int s = 0; s < 4; ++s) {
      long long id = 0;
      sql << "INSERT INTO georep_sessions (cluster_id, master_volume_id, session_key, secondary_host, "
             "secondary_volume, status) SELECT cluster_id, id, :key, 'sec', :secondary, :status "
             "FROM georep_volumes WHERE name = 'mastervol' RETURNING id",
          soci::use("k" + std::to_string(s)), soci::use("slavevol" + std::to_string(s)),
          soci::use(std::string(s % 2 == 0 ? "ACTIVE" : "STOPPED")), soci::into(id);
      sessions_.push_back(id);
    }
  }

  std::vector<Call> readCalls() const {
    const std::set<int> ok{200}, okOrMissing{200, 404};
    return {command("georep.session.list", json::object(), ok),
            command("georep.session.list", {{"cluster", "c1"}}, ok),
            command("georep.session.get", {{"session_id", sessions_[0]}}, okOrMissing),
            command("georep.session.get", {{"session_id", sessions_.back() + 1000}}, {404}),
            command("georep.config.list", {{"session_id", sessions_[1]}}, okOrMissing),
            command("cluster.list", json::object(), ok),
            command("host.list", {{"cluster", "c1"}}, ok),
            command("engine.plugins", json::object(), ok),
            command("auth.whoami", json::object(), ok),
            {"GET", "/api/events?limit=50", std::nullopt, ok}};
  }

  std::vector<Call> mutatingCalls(long long session) const {
    const std::set<int> typed{200, 400, 404, 409, 502};
    return {command("georep.session.start", {{"session_id", session}}, typed),
            command("georep.session.stop", {{"session_id", session}}, typed),
            command("georep.session.pause", {{"session_id", session}}, typed),
            command("georep.session.resume", {{"session_id", session}}, typed),
            command("georep.config.set", {{"session_id", session}, {"key", "sync_jobs"}, {"value", "3"}}, typed),
            command("georep.config.reset", {{"session_id", session}, {"key", "sync_jobs"}}, typed),
            command("georep.volume.refresh", {{"cluster", "c1"}}, typed),
            command("georep.sync.now", {{"cluster", "c1"}}, typed),
            command("georep.session.delete", {{"session_id", session}}, typed)};
  }

  // `clients` threads from their own source addresses, each cycling through `calls(client)` until `stop`.
  std::vector<std::thread> startClients(int clients, int firstClient,
                                        const std::function<std::vector<Call>(int)>& calls,
                                        const std::atomic<bool>& stop, Tally& tally) {
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
      threads.emplace_back([&, c, firstClient, port = engine_->port(), token = token_] {
        const std::vector<Call> mine = calls(c);
        const std::string source = sourceAddress(firstClient + c);
        for (std::size_t i = static_cast<std::size_t>(c); !stop; ++i) {
          const Call& call = mine[i % mine.size()];
          tally.add(call, exchange(port, source, call.method, call.target, token, call.params, kClientTimeout));
        }
      });
    }
    return threads;
  }

  TestDatabase db_{TestDatabase::Schema::kEmpty};
  fs::path dir_, config_, log_;
  std::map<std::string, std::string> env_;
  std::unique_ptr<georep::testing::EngineChild> engine_;
  std::string token_;
  std::vector<long long> sessions_;
};

TEST_F(EngineLoad, AnswersEveryClientThroughoutAndStopsOnSigterm) {
  const pid_t enginePid = engine_->pid();
  Watchdog watchdog(kWatchdog, [enginePid, this] {
    std::fprintf(stderr, "engine log:\n%s\n", readAll(log_).c_str());
    ::kill(enginePid, SIGKILL);
  });

  // Liveness: GET /api/health from its own address, every 200 ms, for as long as the engine should answer.
  std::atomic<bool> probing{true};
  std::atomic<long long> longestGapMs{0};
  std::atomic<int> healthFailures{0};
  std::thread probe([&, port = engine_->port()] {
    auto lastOk = Clock::now();
    while (probing) {
      const Reply health = exchange(port, "127.0.0.1", "GET", "/api/health", "", std::nullopt, 10s);
      const auto now = Clock::now();
      if (health.status == 200) {
        longestGapMs = std::max<long long>(
            longestGapMs, std::chrono::duration_cast<std::chrono::milliseconds>(now - lastOk).count());
        lastOk = now;
      } else {
        ++healthFailures;
      }
      std::this_thread::sleep_for(200ms);
    }
    longestGapMs = std::max<long long>(
        longestGapMs, std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - lastOk).count());
  });

  Tally reads, writes;
  std::atomic<bool> stopLoad{false};
  const auto readCallsAll = readCalls();
  auto clients = startClients(kReadClients, 0, [&](int) { return readCallsAll; }, stopLoad, reads);
  auto writers = startClients(
      kMutatingClients, kReadClients, [&](int c) { return mutatingCalls(sessions_[c % sessions_.size()]); },
      stopLoad, writes);
  clients.insert(clients.end(), std::make_move_iterator(writers.begin()), std::make_move_iterator(writers.end()));
  std::this_thread::sleep_for(kLoadDuration);
  stopLoad = true;
  for (auto& t : clients) t.join();
  std::printf("reads under load (%d clients, %lld s):\n%s\n", kReadClients,
              static_cast<long long>(kLoadDuration.count()), reads.describe().c_str());
  std::printf("mutating under load (%d clients):\n%s\n", kMutatingClients, writes.describe().c_str());
  for (const auto& s : reads.samples()) ADD_FAILURE() << "read: " << s;
  for (const auto& s : writes.samples()) ADD_FAILURE() << "mutating: " << s;
  EXPECT_EQ(reads.problems(), 0) << reads.describe();
  EXPECT_EQ(writes.problems(), 0) << writes.describe();
  // The load was served, not only refused: reads answered 200, and the mutating commands reached gluster.
  EXPECT_GT(reads.count("georep.session.list 200"), 0) << reads.describe();
  EXPECT_GT(reads.count("events 200"), 0) << reads.describe();
  EXPECT_GT(writes.total(), 0);

  // Recovered: a normal read succeeds within a few seconds of the load stopping.
  Reply after;
  for (const auto deadline = Clock::now() + 5s; Clock::now() < deadline; std::this_thread::sleep_for(100ms)) {
    after = post("georep.session.list", json::object());
    if (after.status == 200) break;
  }
  EXPECT_EQ(after.status, 200) << after.body.dump();
  if (after.status == 200) {
    EXPECT_EQ(after.body["result"]["sessions"].size(), sessions_.size()) << after.body.dump();
  }

  // SIGTERM while slow requests (mutating commands waiting on session locks and gluster) are in flight.
  std::atomic<bool> stopSlow{false};
  Tally duringStop;
  auto slow = startClients(
      kMutatingClients, kReadClients, [&](int c) { return mutatingCalls(sessions_[c % sessions_.size()]); },
      stopSlow, duringStop);
  std::this_thread::sleep_for(1s);
  probing = false;
  probe.join();
  const auto stopStarted = Clock::now();
  const int status = engine_->stop(30s);
  const auto stopSeconds = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - stopStarted).count() / 1000.0;
  stopSlow = true;
  for (auto& t : slow) t.join();
  std::printf("during SIGTERM (%d clients), stopped in %.1f s:\n%s\n", kMutatingClients, stopSeconds,
              duringStop.describe().c_str());
  std::printf("health: longest gap between 200s %lld ms, %d failures\n", longestGapMs.load(), healthFailures.load());

  EXPECT_LE(longestGapMs.load(), 5000) << "GET /api/health went unanswered for too long";
  ASSERT_NE(status, -1) << "SIGTERM did not stop the engine within 30 s (it was killed):\n" << readAll(log_);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status << "\n" << readAll(log_);
  const std::string text = readAll(log_);
  EXPECT_EQ(text.find(token_), std::string::npos) << "the token was logged";
}

}  // namespace
}  // namespace georep::engine
