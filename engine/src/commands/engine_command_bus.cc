#include "engine/src/commands/engine_command_bus.h"

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "engine/src/commands/param_validator.h"
#include "engine/src/common/correlation.h"
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
  api::CommandOutcome outcome;
  outcome.correlationId = currentCorrelationId().empty() ? newCorrelationId() : currentCorrelationId();
  CorrelationScope scope(outcome.correlationId);
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
    outcome.error = api::CommandError(api::ErrorCode::kNotFound, "unknown command '" + name + "'");
    spdlog::warn("command {}: unknown", name);
    return outcome;
  }

  try {
    const nlohmann::json validated = validateParams(entry->spec, params);
    const Entry* outer = std::exchange(tRunning, entry.get());
    try {
      nlohmann::json result = entry->handler(validated, api::CommandContext{outcome.correlationId});
      tRunning = outer;
      outcome.result = result.is_null() ? nlohmann::json::object() : std::move(result);
      outcome.ok = true;
    } catch (...) {
      tRunning = outer;
      throw;
    }
  } catch (const api::CommandError& e) {
    outcome.error = e;
  } catch (const std::exception& e) {
    spdlog::error("command {}: handler threw: {}", name, e.what());
    const bool dbDown = api::isDatabaseUnavailable(e);  // a database outage is `unavailable`, never `internal`
    outcome.error = api::CommandError(dbDown ? api::ErrorCode::kUnavailable : api::ErrorCode::kInternal,
                                      (dbDown ? "the database is unavailable: " : "command " + name + " failed: ") + e.what());
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
    spdlog::info("command {}: ok in {} ms", name, ms);
  } else {
    spdlog::warn("command {}: {} in {} ms: {}", name, api::errorCodeName(outcome.error->code()), ms,
                 outcome.error->what());
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
