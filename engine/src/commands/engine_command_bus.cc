#include "engine/src/commands/engine_command_bus.h"

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <stdexcept>
#include <utility>

#include <spdlog/spdlog.h>

#include "engine/src/commands/param_validator.h"
#include "engine/src/common/correlation.h"
#include "engine/src/common/excerpt.h"
#include "engine/api/database_errors.h"

namespace georep::engine {
namespace {

struct Entry {
  api::CommandSpec spec;
  api::CommandHandler handler;
  int running = 0;  // invocations in progress, guarded by State::mutex
};

// The entry the calling thread is running, so that an unregistration from inside its own handler does
// not wait for itself.
thread_local const Entry* tRunning = nullptr;

// The caller of the dispatch the calling thread is running; null outside any dispatch.
thread_local const api::Caller* tCaller = nullptr;

// Sets the thread's caller for one dispatch, then restores the enclosing one.
class CallerScope {
 public:
  explicit CallerScope(const api::Caller& caller) : previous_(std::exchange(tCaller, &caller)) {}
  ~CallerScope() { tCaller = previous_; }
  CallerScope(const CallerScope&) = delete;
  CallerScope& operator=(const CallerScope&) = delete;

 private:
  const api::Caller* previous_;
};

void replaceAll(std::string& text, const std::string& secret) {
  for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 3)) {
    text.replace(pos, secret.size(), "***");
  }
}

// The error with every secret parameter's value (passwords) blanked out of its message and details.
api::CommandError withoutSecrets(const api::CommandError& error, const api::CommandSpec& spec,
                                 const nlohmann::json& params) {
  if (!params.is_object()) return error;
  std::vector<std::string> secrets;
  for (const auto& p : spec.params) {
    if (!p.secret) continue;
    auto it = params.find(p.name);
    if (it == params.end() || it->is_null()) continue;
    std::string value = it->is_string() ? it->get<std::string>() : it->dump();
    if (!value.empty()) secrets.push_back(std::move(value));
  }
  if (secrets.empty()) return error;
  std::string message = error.what();
  std::string details = error.details().dump();
  bool touched = false;
  for (const auto& secret : secrets) {
    if (message.find(secret) == std::string::npos && details.find(secret) == std::string::npos) continue;
    touched = true;
    replaceAll(message, secret);
    replaceAll(details, secret);
  }
  if (!touched) return error;
  nlohmann::json cleanDetails = nlohmann::json::parse(details, nullptr, false);
  if (cleanDetails.is_discarded() || !cleanDetails.is_object()) cleanDetails = nlohmann::json::object();
  return api::CommandError(error.code(), std::move(message), error.field(), std::move(cleanDetails));
}

}  // namespace

struct EngineCommandBus::State {
  mutable std::mutex mutex;
  std::condition_variable idle;  // an invocation finished
  std::map<std::string, std::shared_ptr<Entry>> entries;

  void unregister(const std::string& name, const std::shared_ptr<Entry>& entry) {
    std::shared_ptr<Entry> owned;
    {
      std::unique_lock lock(mutex);
      auto it = entries.find(name);
      if (it == entries.end() || it->second != entry) return;
      owned = std::move(it->second);
      entries.erase(it);
      if (tRunning == owned.get()) {
        // Unregistered from inside its own handler: the dispatch in progress destroys it when done.
        return;
      }
      idle.wait(lock, [&] { return owned->running == 0; });
    }
    spdlog::debug("command {} unregistered", name);
    // `owned` is the last reference: the handler (maybe plugin code) is destroyed here, before reset returns.
  }
};

EngineCommandBus::EngineCommandBus() : state_(std::make_shared<State>()) {}

EngineCommandBus::~EngineCommandBus() {
  std::lock_guard lock(state_->mutex);
  if (!state_->entries.empty()) {
    spdlog::warn("command bus destroyed with {} commands still registered", state_->entries.size());
  }
}

api::Registration EngineCommandBus::registerHandler(api::CommandSpec spec, api::CommandHandler handler) {
  checkCommandSpec(spec);
  if (!handler) throw std::invalid_argument("command " + spec.name + " registered without a handler");
  const std::string name = spec.name;
  auto entry = std::make_shared<Entry>(Entry{std::move(spec), std::move(handler)});
  {
    std::lock_guard lock(state_->mutex);
    if (!state_->entries.emplace(name, entry).second) {
      throw std::invalid_argument("command " + name + " is already registered");
    }
  }
  spdlog::debug("command {} registered", name);
  std::weak_ptr<State> weakState = state_;
  std::weak_ptr<Entry> weakEntry = entry;
  return api::Registration([weakState, weakEntry, name] {
    auto state = weakState.lock();
    auto entry = weakEntry.lock();
    if (state && entry) state->unregister(name, entry);
  });
}

api::CommandOutcome EngineCommandBus::dispatch(const std::string& name, const nlohmann::json& params) {
  return dispatchAs(tCaller != nullptr ? *tCaller : api::Caller::engine(), name, params);
}

void EngineCommandBus::checkRole(const api::Caller& caller, const api::CommandSpec& spec) {
  if (!api::roleAllows(caller.role, spec.role)) {
    throw api::CommandError(api::ErrorCode::kForbidden,
                            "command " + spec.name + " needs the " + std::string(api::roleName(spec.role)) +
                                " role; " + caller.actor + " has " + std::string(api::roleName(caller.role)));
  }
}

api::CommandOutcome EngineCommandBus::dispatchAs(const api::Caller& caller, const std::string& name,
                                                 const nlohmann::json& params) {
  api::CommandOutcome outcome;
  outcome.correlationId = currentCorrelationId().empty() ? newCorrelationId() : currentCorrelationId();
  CorrelationScope scope(outcome.correlationId);
  ActorScope actorScope(caller.actor);
  CallerScope callerScope(caller);
  const auto started = std::chrono::steady_clock::now();

  std::shared_ptr<Entry> entry;
  {
    std::lock_guard lock(state_->mutex);
    auto it = state_->entries.find(name);
    if (it != state_->entries.end()) {
      entry = it->second;
      ++entry->running;
    }
  }
  if (!entry) {
    const std::string shown = excerpt(name);  // a hostile name is never echoed whole
    outcome.error = api::CommandError(api::ErrorCode::kNotFound, "unknown command '" + shown + "'");
    spdlog::warn("command {}: unknown", shown);
    return outcome;
  }

  try {
    checkRole(caller, entry->spec);
    const nlohmann::json validated = validateParams(entry->spec, params);
    const Entry* outer = std::exchange(tRunning, entry.get());
    try {
      nlohmann::json result = entry->handler(validated, api::CommandContext{outcome.correlationId, caller});
      tRunning = outer;
      outcome.result = result.is_null() ? nlohmann::json::object() : std::move(result);
      outcome.ok = true;
    } catch (...) {
      tRunning = outer;
      throw;
    }
  } catch (const api::CommandError& e) {
    outcome.error = withoutSecrets(e, entry->spec, params);
  } catch (const std::exception& e) {
    const bool dbDown = api::isDatabaseUnavailable(e);  // a database outage is `unavailable`, never `internal`
    const auto error = withoutSecrets(
        api::CommandError(dbDown ? api::ErrorCode::kUnavailable : api::ErrorCode::kInternal,
                          (dbDown ? "the database is unavailable: " : "command " + name + " failed: ") + e.what()),
        entry->spec, params);
    spdlog::error("command {}: handler threw: {}", name, error.what());
    outcome.error = error;
  } catch (...) {
    spdlog::error("command {}: handler threw a non-standard exception", name);
    outcome.error = api::CommandError(api::ErrorCode::kInternal, "command " + name + " failed: unknown exception");
  }

  {
    std::lock_guard lock(state_->mutex);
    --entry->running;
    // Drop our reference under the lock while another owner (the map, or an unregister() waiting for
    // us) exists, so that owner destroys the handler. We are the last owner only when the handler
    // unregistered itself: then it is destroyed below, on this thread, after it has returned.
    if (entry.use_count() > 1) entry.reset();
  }
  state_->idle.notify_all();
  entry.reset();

  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  if (outcome.ok) {
    spdlog::info("command {}: ok in {} ms (by {})", name, ms, caller.actor);
  } else {
    spdlog::warn("command {}: {} in {} ms (by {}): {}", name, api::errorCodeName(outcome.error->code()), ms,
                 caller.actor, outcome.error->what());
  }
  return outcome;
}

std::vector<api::CommandSpec> EngineCommandBus::commands() const {
  std::lock_guard lock(state_->mutex);
  std::vector<api::CommandSpec> specs;
  specs.reserve(state_->entries.size());
  for (const auto& [name, entry] : state_->entries) specs.push_back(entry->spec);
  return specs;
}

}  // namespace georep::engine
