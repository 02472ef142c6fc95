// FakeTransport: a scripted Transport for tests. Rules match an argv that contains the given words in
// order (not necessarily adjacent); each rule answers from its queue of responses (real GlusterFS
// captures or built strings), the last response repeating. Every call's argv is recorded.
// Thread-safety: all methods are safe to call concurrently.
#pragma once

#include <chrono>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "gluster/errors.h"
#include "gluster/transport.h"

namespace georep::testing {

// Directory of the real GlusterFS 10.3 captures (../shared/fixtures/gluster-10.3), set by CMake.
inline std::filesystem::path fixturesDir() { return GEOREP_FIXTURES_DIR; }

// The whole file at `path` (a capture); throws naming it when missing.
inline std::string readCaptureFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string readFixture(const std::string& name) { return readCaptureFile(fixturesDir() / name); }

class FakeTransport : public gluster::Transport {
 public:
  struct Response {
    gluster::ExecResult result;
    std::optional<gluster::GatewayError> error;  // thrown instead of returning, when set
    std::chrono::milliseconds delay{0};
  };

  // Queue a response for argvs containing `words` in order.
  void on(std::vector<std::string> words, gluster::ExecResult result, std::chrono::milliseconds delay = {}) {
    add(std::move(words), Response{std::move(result), std::nullopt, delay});
  }
  void onFixture(std::vector<std::string> words, const std::string& fixture, int exitStatus = 0) {
    on(std::move(words), gluster::ExecResult{exitStatus, readFixture(fixture), ""});
  }
  void fail(std::vector<std::string> words, gluster::GatewayError error) {
    add(std::move(words), Response{{}, std::move(error), {}});
  }
  // Drops every rule (recorded calls are kept).
  void clearRules() {
    std::lock_guard lock(mutex_);
    rules_.clear();
  }

  gluster::ExecResult run(const std::vector<std::string>& argv, std::chrono::milliseconds) override {
    Response response;
    {
      std::lock_guard lock(mutex_);
      calls_.push_back(argv);
      Rule* rule = match(argv);
      if (!rule) throw gluster::GatewayError(gluster::ErrorKind::kExecFailed, "FakeTransport: no rule for " + join(argv));
      response = rule->responses.front();
      if (rule->responses.size() > 1) rule->responses.pop_front();
    }
    if (response.delay.count() > 0) std::this_thread::sleep_for(response.delay);
    if (response.error) throw *response.error;
    return response.result;
  }

  std::vector<std::vector<std::string>> calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }
  std::size_t callCount() const {
    std::lock_guard lock(mutex_);
    return calls_.size();
  }
  static std::string join(const std::vector<std::string>& argv) {
    std::string s;
    for (const auto& a : argv) s += (s.empty() ? "" : " ") + a;
    return s;
  }

 private:
  struct Rule {
    std::vector<std::string> words;
    std::deque<Response> responses;
  };

  void add(std::vector<std::string> words, Response response) {
    std::lock_guard lock(mutex_);
    for (auto& rule : rules_) {
      if (rule.words == words) {
        rule.responses.push_back(std::move(response));
        return;
      }
    }
    rules_.push_back(Rule{std::move(words), {std::move(response)}});
  }

  // The most specific rule (most words) whose words appear in argv in order.
  Rule* match(const std::vector<std::string>& argv) {
    Rule* best = nullptr;
    for (auto& rule : rules_) {
      std::size_t i = 0;
      for (const auto& a : argv) {
        if (i < rule.words.size() && a == rule.words[i]) ++i;
      }
      if (i == rule.words.size() && (!best || rule.words.size() > best->words.size())) best = &rule;
    }
    return best;
  }

  mutable std::mutex mutex_;
  std::vector<Rule> rules_;
  std::vector<std::vector<std::string>> calls_;
};

}  // namespace georep::testing
