// EngineEventBus with the AuditLog on a real PostgreSQL: events persisted and delivered in order,
// with the correlation id of the dispatch that caused them and its actor; concurrent raisers persist
// concurrently; storing is idempotent on the event key; a NUL character does not lose an event.
#include <chrono>
#include <future>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include "engine/src/commands/engine_command_bus.h"
#include "engine/src/common/correlation.h"
#include "engine/src/events/audit_log.h"
#include "engine/src/events/engine_event_bus.h"
#include "support/test_database.h"

namespace georep::engine {
namespace {

using georep::testing::TestDatabase;
using nlohmann::json;
using namespace std::chrono_literals;

api::Event event(std::string name, json body, api::Severity severity = api::Severity::kInfo) {
  api::Event e;
  e.name = std::move(name);
  e.body = std::move(body);
  e.severity = severity;
  return e;
}

// Records what a subscriber saw.
struct Recorder {
  std::mutex mutex;
  std::vector<api::Event> events;
  void operator()(const api::Event& e) {
    std::lock_guard lock(mutex);
    events.push_back(e);
  }
  std::size_t size() {
    std::lock_guard lock(mutex);
    return events.size();
  }
};

class EventBusTest : public ::testing::Test {
 protected:
  TestDatabase db_{TestDatabase::Schema::kEngine};
  AuditLog log_{db_.database()};
  EngineEventBus bus_{&log_};
};

TEST_F(EventBusTest, EventsArePersistedAndDeliveredInOrderWithTheirCorrelationIds) {
  EngineCommandBus commands;
  auto reg = commands.registerHandler(api::CommandSpec{"georep.session.stop", "", {}},
                                      [this](const json&, const api::CommandContext&) {
                                        bus_.raise(event("georep.session.stopping", {{"session", 1}}));
                                        bus_.raise(event("georep.session.stopped", {{"session", 1}},
                                                         api::Severity::kWarning));
                                        return json::object();
                                      });
  Recorder first, second;
  std::vector<std::string> order;  // which subscriber ran, per event
  boost::signals2::scoped_connection c1 = bus_.subscribe([&](const api::Event& e) {
    first(e);
    order.push_back("first:" + e.name);
  });
  boost::signals2::scoped_connection c2 = bus_.subscribe([&](const api::Event& e) {
    second(e);
    order.push_back("second:" + e.name);
  });

  const auto before = std::chrono::system_clock::now();
  auto outcome = commands.dispatch("georep.session.stop", json::object());
  ASSERT_TRUE(outcome.ok);
  bus_.raise(event("georep.cluster.unreachable", {{"cluster", "c1"}}, api::Severity::kAlert));  // outside any dispatch

  ASSERT_EQ(first.events.size(), 3u);
  ASSERT_EQ(second.events.size(), 3u);
  EXPECT_EQ(order, (std::vector<std::string>{"first:georep.session.stopping", "second:georep.session.stopping",
                                             "first:georep.session.stopped", "second:georep.session.stopped",
                                             "first:georep.cluster.unreachable",
                                             "second:georep.cluster.unreachable"}));
  EXPECT_GT(first.events[0].id, 0);
  EXPECT_LT(first.events[0].id, first.events[1].id);
  EXPECT_LT(first.events[1].id, first.events[2].id);
  EXPECT_EQ(first.events[0].correlationId, outcome.correlationId);
  EXPECT_EQ(first.events[1].correlationId, outcome.correlationId);
  EXPECT_TRUE(first.events[2].correlationId.empty());
  EXPECT_GE(first.events[0].time, before);

  // What the audit log holds is what was delivered.
  auto stored = log_.since(0, 100);
  ASSERT_EQ(stored.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(stored[i].id, first.events[i].id);
    EXPECT_EQ(stored[i].name, first.events[i].name);
    EXPECT_EQ(stored[i].severity, first.events[i].severity);
    EXPECT_EQ(stored[i].correlationId, first.events[i].correlationId);
    EXPECT_EQ(stored[i].body, first.events[i].body);
    EXPECT_EQ(std::chrono::time_point_cast<std::chrono::microseconds>(stored[i].time),
              std::chrono::time_point_cast<std::chrono::microseconds>(first.events[i].time));
  }
  EXPECT_EQ(stored[1].severity, api::Severity::kWarning);
  EXPECT_EQ(stored[2].severity, api::Severity::kAlert);

  // And directly in SQL, as an operator would look.
  auto lease = db_.database().lease(std::chrono::seconds(10));
  soci::session& sql = lease.sql();
  std::string severity, correlation, body;
  sql << "SELECT severity, correlation_id, body::text FROM audit_log WHERE name = 'georep.session.stopped'",
      soci::into(severity), soci::into(correlation), soci::into(body);
  EXPECT_EQ(severity, "warning");
  EXPECT_EQ(correlation, outcome.correlationId);
  EXPECT_EQ(json::parse(body), (json{{"session", 1}}));
}

TEST_F(EventBusTest, SinceIsPagedByIdAndLimit) {
  for (int i = 0; i < 5; ++i) bus_.raise(event("georep.test.tick", {{"i", i}}));
  auto all = log_.since(0, 100);
  ASSERT_EQ(all.size(), 5u);
  auto page = log_.since(all[1].id, 2);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].body["i"], 2);
  EXPECT_EQ(page[1].body["i"], 3);
  EXPECT_TRUE(log_.since(all[4].id, 100).empty());
  EXPECT_TRUE(log_.since(0, 0).empty());
  EXPECT_EQ(log_.since(-5, 100).size(), 5u);
}

TEST_F(EventBusTest, GivenTimeAndCorrelationIdAreKept) {
  Recorder seen;
  auto c = bus_.subscribe(std::ref(seen));
  api::Event e = event("georep.test.given", json::object());
  e.time = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
  e.correlationId = "given-id";
  {
    CorrelationScope scope("ambient-id");
    bus_.raise(e);
    bus_.raise(event("georep.test.ambient", json::object()));
  }
  c.disconnect();
  auto stored = log_.since(0, 10);
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].correlationId, "given-id");
  EXPECT_EQ(stored[0].time, e.time);
  EXPECT_EQ(stored[1].correlationId, "ambient-id");
}

TEST_F(EventBusTest, AThrowingSubscriberDoesNotStopTheOthers) {
  Recorder after;
  auto c1 = bus_.subscribe([](const api::Event&) { throw std::runtime_error("subscriber bug"); });
  auto c2 = bus_.subscribe(std::ref(after));
  EXPECT_NO_THROW(bus_.raise(event("georep.test.x", json::object())));
  EXPECT_EQ(after.events.size(), 1u);
  c1.disconnect();
  c2.disconnect();
}

TEST_F(EventBusTest, ConcurrentRaisesAreDeliveredInIdOrder) {
  Recorder seen;
  auto c = bus_.subscribe(std::ref(seen));
  std::vector<std::future<void>> threads;
  for (int t = 0; t < 4; ++t) {
    threads.push_back(std::async(std::launch::async, [&, t] {
      for (int i = 0; i < 25; ++i) bus_.raise(event("georep.test.concurrent", {{"t", t}, {"i", i}}));
    }));
  }
  for (auto& t : threads) t.get();
  c.disconnect();
  ASSERT_EQ(seen.events.size(), 100u);
  for (std::size_t i = 1; i < seen.events.size(); ++i) EXPECT_LT(seen.events[i - 1].id, seen.events[i].id);
  EXPECT_EQ(log_.since(0, 1000).size(), 100u);
}

TEST(EventBusPersistence, FailureIsLoggedAndTheEventStillDelivered) {
  TestDatabase db(TestDatabase::Schema::kEmpty, 1);  // no audit_log table
  AuditLog log(db.database());
  EngineEventBus bus(&log);
  Recorder seen;
  auto c = bus.subscribe(std::ref(seen));
  EXPECT_NO_THROW(bus.raise(event("georep.test.unpersisted", {{"a", 1}})));
  ASSERT_EQ(seen.events.size(), 1u);
  EXPECT_EQ(seen.events[0].id, 0);
  EXPECT_EQ(seen.events[0].body["a"], 1);
  EXPECT_THROW(log.since(0, 10), std::exception);
  c.disconnect();
}

// The defects found in review: one raiser's slow INSERT no longer holds up every other raiser (delivery
// still in id order); storing an event is idempotent on its key (a retry after a lost connection stores
// nothing twice); a NUL character no longer loses the event (replaced by U+FFFD); the actor is stored.
class EventStorageTest : public ::testing::Test {
 protected:
  long long stored(const std::string& name) {
    soci::session sql(soci::postgresql, db_.connectString());  // an operator's own connection
    long long n = 0;
    sql << "SELECT count(*) FROM audit_log WHERE name = :n", soci::use(name), soci::into(n);
    return n;
  }

  TestDatabase db_{TestDatabase::Schema::kEngine, 4};
  AuditLog log_{db_.database()};
  EngineEventBus bus_{&log_};
};

TEST_F(EventStorageTest, ASlowInsertDoesNotHoldUpOtherRaisersAndDeliveryStaysInIdOrder) {
  // Every INSERT of test.slow waits on an advisory lock the test holds, as a stalled disk would.
  soci::session admin(soci::postgresql, db_.connectString());
  admin << "CREATE FUNCTION slow_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
           "IF NEW.name = 'test.slow' THEN PERFORM pg_advisory_xact_lock(4242); END IF; RETURN NEW; END $$";
  admin << "CREATE TRIGGER slow_insert BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION slow_insert()";
  admin << "SELECT pg_advisory_lock(4242)";

  Recorder seen;
  auto c = bus_.subscribe(std::ref(seen));
  auto slow = std::async(std::launch::async, [&] { bus_.raise(event("test.slow", json::object())); });
  // Wait until the slow INSERT is under way (blocked on the lock).
  for (int i = 0; i < 200 && stored("test.slow") == 0; ++i) {
    long long waiting = 0;
    admin << "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted", soci::into(waiting);
    if (waiting > 0) break;
    std::this_thread::sleep_for(20ms);
  }
  // Another raiser stores its event meanwhile (the old bus-wide mutex kept it waiting).
  auto fast = std::async(std::launch::async, [&] { bus_.raise(event("test.fast", json::object())); });
  const bool fastReturned = fast.wait_for(20s) == std::future_status::ready;
  const long long fastStored = stored("test.fast");
  const long long slowStored = stored("test.slow");
  const std::size_t deliveredMeanwhile = seen.size();
  admin << "SELECT pg_advisory_unlock(4242)";  // before any assertion, so a failure cannot hang the test
  slow.get();
  fast.get();
  EXPECT_TRUE(fastReturned) << "a raiser waited for another raiser's INSERT";
  EXPECT_EQ(fastStored, 1);
  EXPECT_EQ(slowStored, 0);
  EXPECT_EQ(deliveredMeanwhile, 0u) << "delivered before an event that may get a smaller id";

  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen.events[0].name, "test.slow");  // its id was drawn first
  EXPECT_EQ(seen.events[1].name, "test.fast");
  EXPECT_LT(seen.events[0].id, seen.events[1].id);
  c.disconnect();
}

TEST_F(EventStorageTest, StoringTheSameKeyTwiceStoresOneRow) {
  const api::Event e = [] {
    auto ev = event("test.once", json{{"a", 1}});
    ev.time = std::chrono::system_clock::now();
    return ev;
  }();
  const auto first = log_.append(e, "key-1");
  const auto retry = log_.append(e, "key-1");  // what a retry after a lost reply does
  EXPECT_GT(first, 0);
  EXPECT_EQ(retry, first);
  EXPECT_EQ(stored("test.once"), 1);
  EXPECT_NE(log_.append(e, "key-2"), first);
  EXPECT_EQ(stored("test.once"), 2);
}

TEST_F(EventStorageTest, ANulCharacterIsReplacedNotLost) {
  Recorder seen;
  auto c = bus_.subscribe(std::ref(seen));
  const std::string nul("a\0b", 3);
  bus_.raise(event("test.nul", json{{"text", nul}, {"list", json::array({nul})}, {std::string("k\0", 2), 1}}));
  ASSERT_EQ(seen.size(), 1u);
  const api::Event& delivered = seen.events[0];
  EXPECT_GT(delivered.id, 0) << "the event was not stored";
  const std::string replaced = "a\xEF\xBF\xBD" "b";
  EXPECT_EQ(delivered.body["text"], replaced);
  EXPECT_EQ(delivered.body["list"][0], replaced);
  EXPECT_EQ(delivered.body["k\xEF\xBF\xBD"], 1);
  const auto events = log_.since(0, 10);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].body, delivered.body);
  c.disconnect();
}

TEST_F(EventStorageTest, TheActorIsStoredFromTheDispatchOrAsGiven) {
  {
    ActorScope actor("user:alice");
    bus_.raise(event("test.by_alice", json::object()));
  }
  auto given = event("test.by_token", json::object());
  given.actor = "token:ci";
  bus_.raise(given);
  bus_.raise(event("test.by_engine", json::object()));
  const auto events = log_.since(0, 10);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].actor, "user:alice");
  EXPECT_EQ(events[1].actor, "token:ci");
  EXPECT_EQ(events[2].actor, "engine");  // raised outside any dispatch: the engine itself
}

}  // namespace
}  // namespace georep::engine
