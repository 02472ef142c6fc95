#include "harness/engine_process.h"

#include "support/free_port.h"

#include <arpa/inet.h>
#include <signal.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "harness/engine_config.h"
#include "support/engine_admin.h"
#include "harness/wait.h"

namespace georep::testing::e2e {

using nlohmann::json;

EngineProcess::EngineProcess(EngineOptions options, std::chrono::milliseconds startTimeout)
    : options_(std::move(options)) {
  if (!std::filesystem::exists(options_.binary))
    throw std::runtime_error("georep-engine is not built: " + options_.binary.string());
  std::filesystem::create_directories(options_.workDir);
  port_ = freeLoopbackPort();
  logFile_ = options_.workDir / "engine.log";
  configFile_ = options_.workDir / "engine.json";
  const EngineLaunch launch = engineLaunch(options_, port_, configFile_);
  {
    std::ofstream out(configFile_);
    out << launch.configText;
    if (!out) throw std::runtime_error("cannot write " + configFile_.string());
  }
  std::map<std::string, std::string> env = launch.env;
  for (const auto& [k, v] : options_.env) env[k] = v;
  std::vector<std::string> argv{options_.binary.string()};
  argv.insert(argv.end(), launch.args.begin(), launch.args.end());
  child_ = std::make_unique<ChildProcess>(argv, logFile_, env);

  HttpClient http("127.0.0.1", port_, std::chrono::seconds(2));
  std::string lastError = "no answer";
  const bool healthy = waitUntil(startTimeout, [&] {
    if (!child_->running()) return true;  // stop waiting; reported below
    try {
      const HttpReply reply = http.get("/api/health");
      if (reply.status == 200) return true;
      lastError = "GET /api/health: HTTP " + std::to_string(reply.status) + " " + reply.body;
    } catch (const HttpError& e) {
      lastError = e.what();
    }
    return false;
  }, std::chrono::milliseconds(100));
  if (!child_->running()) {
    throw std::runtime_error("georep-engine exited with status " + std::to_string(child_->exitCode()) +
                             " while starting; its log:\n" + logTail());
  }
  if (!healthy) {
    child_->stop();
    throw std::runtime_error("georep-engine did not become healthy (" + lastError + "); its log:\n" + logTail());
  }
  try {
    token_ = bootstrapAdminAndIssueToken(EngineInvocation{options_.binary, launch.args, env});
  } catch (const std::exception& e) {
    child_->stop();
    throw std::runtime_error(std::string("cannot get an admin token for the tests: ") + e.what());
  }
}

EngineProcess::~EngineProcess() { stop(); }

int EngineProcess::stop() { return child_ ? child_->stop() : -1; }

int EngineProcess::kill() {
  if (!child_) return -1;
  if (child_->running()) ::kill(child_->pid(), SIGKILL);
  return child_->stop(std::chrono::seconds(1));
}

std::string CommandReply::describe() const {
  std::ostringstream os;
  os << "HTTP " << httpStatus << " " << raw.dump();
  return os.str();
}

EngineClient::EngineClient(std::uint16_t port, std::string token, std::chrono::milliseconds commandTimeout)
    : http_("127.0.0.1", port, std::chrono::seconds(30), std::move(token)), commandTimeout_(commandTimeout) {}

CommandReply EngineClient::command(const std::string& name, const json& params) const {
  const HttpReply reply = http_.postJson("/api/commands/" + name, params.dump(), commandTimeout_);
  CommandReply out;
  out.httpStatus = reply.status;
  out.raw = json::parse(reply.body, nullptr, false);
  if (out.raw.is_discarded() || !out.raw.is_object())
    throw std::runtime_error("POST /api/commands/" + name + ": not a JSON object (HTTP " +
                             std::to_string(reply.status) + "): " + reply.body.substr(0, 500));
  out.ok = out.raw.value("ok", false);
  if (out.ok) {
    out.result = out.raw.value("result", json::object());
  } else if (out.raw.contains("error") && out.raw["error"].is_object()) {
    const json& e = out.raw["error"];
    out.errorCode = e.value("code", "");
    out.errorMessage = e.value("message", "");
    out.errorField = e.value("field", "");
  }
  return out;
}

std::vector<json> EngineClient::events(std::int64_t since) const {
  std::vector<json> all;
  while (true) {
    const HttpReply reply = http_.get("/api/events?since=" + std::to_string(since) + "&limit=1000");
    if (reply.status != 200)
      throw std::runtime_error("GET /api/events: HTTP " + std::to_string(reply.status) + " " + reply.body);
    const json body = json::parse(reply.body);
    const json& page = body.at("events");
    if (page.empty()) break;
    for (const auto& e : page) {
      all.push_back(e);
      since = std::max<std::int64_t>(since, e.at("id").get<std::int64_t>());
    }
    if (page.size() < 1000) break;
  }
  return all;
}

int EngineClient::healthStatus() const { return http_.get("/api/health").status; }

std::optional<json> EngineClient::waitForEvent(const std::string& name, std::chrono::milliseconds timeout,
                                               std::int64_t since,
                                               const std::function<bool(const json&)>& match) const {
  std::optional<json> found;
  std::int64_t cursor = since;
  waitUntil(timeout, [&] {
    for (const auto& e : events(cursor)) {
      cursor = std::max<std::int64_t>(cursor, e.at("id").get<std::int64_t>());
      if (e.value("name", "") == name && (!match || match(e))) {
        found = e;
        return true;
      }
    }
    return false;
  });
  return found;
}

std::int64_t EngineClient::lastEventId() const {
  std::int64_t last = 0;
  for (const auto& e : events(0)) last = std::max<std::int64_t>(last, e.at("id").get<std::int64_t>());
  return last;
}

}  // namespace georep::testing::e2e
