#include "engine/src/events/engine_event_bus.h"

#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <utility>

#include <boost/signals2/signal.hpp>
#include <spdlog/spdlog.h>

#include "engine/src/common/correlation.h"
#include "engine/src/events/audit_log.h"
#include "engine/src/events/nul_free.h"

namespace georep::engine {
namespace {

// The bus whose delivery this thread is running (a subscriber raising must not wait for itself).
thread_local const void* tDelivering = nullptr;

}  // namespace

// Ordering without holding a lock across the INSERT: each raise notes a logical time when its INSERT
// starts and when it ends. An INSERT still running that started before event E's INSERT ended may yet get
// a smaller id than E; one that started after cannot (the id sequence only grows). So the stored event
// with the smallest id is delivered once no INSERT that started before it ended is still running.
struct EngineEventBus::Impl {
  struct Done {
    std::uint64_t endedAt = 0;
    api::Event event;
  };
  using Key = std::pair<std::int64_t, std::uint64_t>;  // (id, ticket): id 0 (not stored) sorts first

  AuditLog* auditLog = nullptr;
  boost::signals2::signal<void(const api::Event&)> signal;

  std::mutex mutex;
  std::condition_variable progress;  // delivery stopped
  std::uint64_t clock = 0;
  std::multiset<std::uint64_t> runningStarts;  // start times of INSERTs in progress
  std::map<Key, Done> stored;                   // persisted (or failed), not yet delivered
  bool delivering = false;

  bool nextIsReady() const {
    if (stored.empty()) return false;
    const auto& first = stored.begin()->second;
    return runningStarts.empty() || *runningStarts.begin() > first.endedAt;
  }

  void deliver(const api::Event& event) {
    spdlog::debug("event {} #{} ({})", event.name, event.id, api::severityName(event.severity));
    try {
      signal(event);
    } catch (const std::exception& e) {
      spdlog::error("event {}: delivery failed: {}", event.name, e.what());
    } catch (...) {
      spdlog::error("event {}: delivery failed", event.name);
    }
  }

  // Delivers every ready event in id order, unless another thread is already doing so (it will deliver
  // ours too). Called with the lock held; releases it around each delivery.
  void drain(std::unique_lock<std::mutex>& lock) {
    if (delivering) return;
    delivering = true;
    const void* outer = std::exchange(tDelivering, this);
    while (nextIsReady()) {
      auto node = stored.extract(stored.begin());
      lock.unlock();
      deliver(node.mapped().event);
      lock.lock();
    }
    tDelivering = outer;
    delivering = false;
    progress.notify_all();
  }
};

EngineEventBus::EngineEventBus(AuditLog* auditLog) : impl_(std::make_unique<Impl>()) { impl_->auditLog = auditLog; }

EngineEventBus::~EngineEventBus() = default;

void EngineEventBus::raise(api::Event event) {
  std::string key;
  try {
    if (event.time == std::chrono::system_clock::time_point{}) event.time = std::chrono::system_clock::now();
    if (event.correlationId.empty()) event.correlationId = currentCorrelationId();
    if (event.actor.empty()) event.actor = currentActor().empty() ? "engine" : currentActor();
    for (std::string* text : {&event.name, &event.correlationId, &event.actor}) replaceNul(*text);
    replaceNul(event.body);
    key = newCorrelationId();  // made once, before the first attempt: a retry cannot store it twice
  } catch (...) {
    // Copying a string can only fail on memory exhaustion; deliver what we have.
  }
  Impl& d = *impl_;
  std::uint64_t ticket = 0;
  {
    std::lock_guard lock(d.mutex);
    ticket = ++d.clock;
    d.runningStarts.insert(ticket);
  }
  if (d.auditLog != nullptr && !key.empty()) {
    try {
      event.id = d.auditLog->append(event, key);  // no bus-wide lock held: raisers persist concurrently
    } catch (const std::exception& e) {
      spdlog::error("event {}: not persisted in the audit log: {}", event.name, e.what());
    } catch (...) {
      spdlog::error("event {}: not persisted in the audit log: unknown error", event.name);
    }
  }
  std::unique_lock lock(d.mutex);
  d.runningStarts.erase(d.runningStarts.find(ticket));
  const Impl::Key storedKey{event.id, ticket};
  d.stored.emplace(storedKey, Impl::Done{++d.clock, std::move(event)});
  // Delivers it now, unless an INSERT that may get a smaller id is still running (its raiser delivers
  // both), or another thread is delivering (it delivers this one next), or a subscriber raised it (it is
  // delivered after the current event).
  d.drain(lock);
}

boost::signals2::connection EngineEventBus::subscribe(std::function<void(const api::Event&)> subscriber) {
  if (!subscriber) return {};
  return impl_->signal.connect([subscriber = std::move(subscriber)](const api::Event& event) {
    try {
      subscriber(event);
    } catch (const std::exception& e) {
      spdlog::error("event {}: a subscriber threw: {}", event.name, e.what());
    } catch (...) {
      spdlog::error("event {}: a subscriber threw a non-standard exception", event.name);
    }
  });
}

void EngineEventBus::quiesce() {
  Impl& d = *impl_;
  if (tDelivering == &d) return;  // from a subscriber: nothing else is delivering
  std::unique_lock lock(d.mutex);
  d.progress.wait(lock, [&] { return !d.delivering; });
}

}  // namespace georep::engine
