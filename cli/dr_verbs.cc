#include "cli/dr_verbs.h"

#include <unistd.h>

#include <chrono>
#include <iostream>
#include <map>
#include <ostream>
#include <thread>

#include <CLI/CLI.hpp>

#include "cli/client_factory.h"
#include "cli/dr_progress.h"
#include "cli/engine_reply.h"
#include "cli/georepctl_app.h"

namespace georep::cli {

DrVerbs::DrVerbs(CLI::App& app) {
  CLI::App* dr = app.add_subcommand("dr", "disaster-recovery runs: run now, runs, cancel");
  dr->require_subcommand(1);
  CLI::App* run = dr->add_subcommand("run", "start DR runs");
  run->require_subcommand(1);
  now_ = run->add_subcommand("now", "start a run of each session's DR policy now (operator)");
  now_->add_option("ID", nowSessions_, "the sessions' ids (see session list)")->required()->check(CLI::PositiveNumber);
  now_->add_flag("-f,--follow", follow_, "show a live progress line per run until its result");
  now_->add_option("--interval", intervalSeconds_, "seconds between progress reads with --follow")
      ->check(CLI::Range(0.2, 60.0))
      ->capture_default_str();
  now_->footer("Runs georep.dr.run.now, then georep.dr.run.get while following.");
  runs_ = dr->add_subcommand("runs", "a session's DR run history, newest first (viewer)");
  runs_->add_option("ID", session_, "the session's id")->required()->check(CLI::PositiveNumber);
  runs_->add_option("--limit", limit_, "at most this many runs")->check(CLI::Range(1, 1000))->capture_default_str();
  cancel_ = dr->add_subcommand("cancel", "cancel the session's DR run in flight (operator)");
  cancel_->add_option("ID", cancelSession_, "the session's id")->required()->check(CLI::PositiveNumber);
}

std::optional<int> DrVerbs::run(const Settings& s, const CredentialsStore& store, std::ostream& out,
                                std::ostream& err) const {
  if (*now_) return runNow(s, store, out, err);
  if (*cancel_) {
    return runAndShowCommand(makeClient(s, store), "georep.dr.run.cancel", {{"session_id", cancelSession_}}, s.json,
                             out, err);
  }
  if (!*runs_) return std::nullopt;
  const HttpClient client = makeClient(s, store);
  const auto outcome = postCommand(client, "georep.dr.run.list", {{"session_id", session_}, {"limit", limit_}});
  if (outcome.failed()) return reportError(outcome.response, outcome.reply, s.json, out, err);
  const auto result = outcome.reply.value("result", nlohmann::json::object());
  if (s.json) {
    out << printableJson(result) << "\n";
    return kExitOk;
  }
  const auto runs = result.value("runs", nlohmann::json::array());
  if (runs.empty()) {
    out << "session " << session_ << " has no DR runs yet\n";
    return kExitOk;
  }
  out << drRunsTable(runs);
  return kExitOk;
}

int DrVerbs::runNow(const Settings& s, const CredentialsStore& store, std::ostream& out, std::ostream& err) const {
  const HttpClient client = makeClient(s, store);
  std::map<std::int64_t, std::int64_t> runs;  // session -> run
  int status = kExitOk;
  for (const auto session : nowSessions_) {
    const auto outcome = postCommand(client, "georep.dr.run.now", {{"session_id", session}});
    if (outcome.failed()) {
      status = reportError(outcome.response, outcome.reply, s.json, out, err);
      continue;
    }
    const auto runId = outcome.reply["result"].value("run_id", std::int64_t{0});
    runs[session] = runId;
    if (!follow_ && s.json) out << printableJson(outcome.reply["result"]) << "\n";
    if (!follow_ && !s.json) out << "session " << session << ": DR run " << runId << " started\n";
  }
  if (!follow_) return status;

  const bool live = !s.json && &out == &std::cout && ::isatty(STDOUT_FILENO) == 1;
  std::map<std::int64_t, std::string> lastLine;
  nlohmann::json finals = nlohmann::json::array();
  while (!runs.empty()) {
    for (auto it = runs.begin(); it != runs.end();) {
      const auto [session, runId] = *it;
      const auto outcome = postCommand(client, "georep.dr.run.get", {{"session_id", session}, {"run_id", runId}});
      if (outcome.failed()) {
        status = reportError(outcome.response, outcome.reply, s.json, out, err);
        it = runs.erase(it);
        continue;
      }
      const auto run = outcome.reply.value("result", nlohmann::json::object());
      if (run.value("result", std::string()) != "running") {
        if (live) out << "\r\033[K";
        if (s.json) finals.push_back(run);
        else out << drResultLine(session, run) << "\n";
        if (run.value("result", std::string()) != "succeeded") status = kExitError;
        it = runs.erase(it);
        continue;
      }
      const std::string line = drProgressLine(session, run);
      if (!s.json && line != lastLine[session]) {
        if (live && runs.size() == 1) out << "\r\033[K" << line << std::flush;
        else out << line << "\n";
        lastLine[session] = line;
      }
      ++it;
    }
    if (!runs.empty()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<long>(intervalSeconds_ * 1000)));
    }
  }
  if (s.json) out << printableJson(finals) << "\n";
  return status;
}

}  // namespace georep::cli
