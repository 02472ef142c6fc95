// DrRun: one DR run of a session, a state machine persisted step by step in georep_dr_runs (each step is
// written before it is attempted; the result once at the end, so a run never stays "running" unless the
// engine died, and then DrScheduler fails it at the next start-up, naming the step it stood at).
// Steps: pre_hooks -> start (georep.session.start when the session is STOPPED/CREATED; verified by that
// command's read-back) -> checkpoint (georep.config.set checkpoint=now; T read back from glusterd) ->
// wait (the per-brick state the sync job keeps: every Active worker reports checkpoint T completed, none
// Faulty or Offline, no new failures) -> stop (georep.session.stop, verified, when the policy says
// stop_after_sync) -> post_hooks (always, also after a failure) -> succeeded. Otherwise failed with the
// step, the reason and the brick, or timed_out at the deadline (with stop_after_sync the session is
// stopped with force). Not built yet: running hooks (a policy with hooks fails at pre_hooks, honestly) and
// touching the primary root through a mount (an idle volume then times out instead of completing).
// Events: georep.dr.run.started, succeeded (info), failed, timed_out (alert), cancelled (warning).
// Thread-safety: one DrRun per thread; the services it uses are thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>

#include <nlohmann/json.hpp>

#include "commands/command_clock.h"
#include "dao/dr_records.h"

namespace georep::api {
class CommandBus;
class Database;
class EventBus;
}  // namespace georep::api

namespace georep::dr {

struct DrRunServices {
  api::Database& database;
  api::EventBus& events;
  api::CommandBus& commands;
  commands::CommandClock& clock;
  std::chrono::milliseconds pollInterval{5000};  // between reads of the workers' checkpoint state
  std::chrono::milliseconds leaseWait{10000};
};

// Raises a georep.dr.run.* event about `run`.
void raiseDrRunEvent(api::EventBus& events, const std::string& what, const dao::DrRunRecord& run,
                     nlohmann::json extra = nlohmann::json::object());

class DrRun {
 public:
  // `run` is the row begin() inserted (with its id and deadline).
  DrRun(DrRunServices& services, dao::DrPolicyRecord policy, dao::DrRunRecord run);

  // Runs every step and ends the row; never throws. Stops early (result cancelled, after the post hooks)
  // when `stop` is requested (georep.dr.run.cancel, or the plugin unloads): before the next step or poll.
  void execute(std::stop_token stop);

 private:
  struct Failure {
    std::string result;  // failed | timed_out | cancelled
    std::string message;
    std::optional<std::string> brick;
  };

  void enterStep(const std::string& step);
  std::optional<Failure> startIfNeeded();
  std::optional<Failure> setCheckpoint();
  std::optional<Failure> waitForCheckpoint(std::stop_token stop);
  std::optional<Failure> stopIfPolicySays();
  std::optional<Failure> hooks(const char* phase);
  void end(const std::optional<Failure>& failure);

  DrRunServices& services_;
  dao::DrPolicyRecord policy_;
  dao::DrRunRecord run_;
  std::int64_t failuresAtStart_ = 0;
};

}  // namespace georep::dr
