// History on PostgreSQL: ClusterSync with the HistoryRecorder records status transitions and per-brick
// samples (sample interval honoured), prunes old rows in bounded batches, and georep.session.history serves
// them downsampled with bounded points and typed errors.
#include <gtest/gtest.h>

#include "commands/handlers.h"
#include "engine/api/command_error.h"
#include "sync-jobs/history_recorder.h"
#include "sync_fixture.h"

namespace georep::testing {
namespace {

class HistoryTest : public SyncTest {
 protected:
  void useRecorder(sync::HistoryOptions options) {
    history_ = std::make_unique<sync::HistoryRecorder>(db_->database(), options);
    sync_->setFollowUps(nullptr, history_.get());
  }

  void exec(const std::string& statement) {
    auto lease = db_->database().leaseShared(std::chrono::seconds(10));
    lease.sql() << statement;
  }

  nlohmann::json history(nlohmann::json params) {
    commands::CommandDeps deps{db_->database(), events_, *inventory_, *gateway_, {}, {}, {}, {}, {}};
    return commands::sessionHistory(deps, params, api::CommandContext{});
  }

  std::unique_ptr<sync::HistoryRecorder> history_;
};

TEST_F(HistoryTest, TransitionsAndSamplesAreRecordedByTheStatusJob) {
  useRecorder(sync::HistoryOptions{std::chrono::hours(24), std::chrono::seconds(0), 100});
  answer(statusWith("Active", "Active"));
  cycle();
  answer(statusWith("Faulty", "Faulty"));
  cycle();
  cycle();  // unchanged: no transition, but a sample (interval 0)
  EXPECT_EQ(count("georep_session_status_history"), 2);
  EXPECT_EQ(count("georep_brick_samples"), 6);

  const auto id = sessions().at(0).id;
  const auto h = history(nlohmann::json{{"session_id", id}, {"step", 86400}});  // the last 24 h, one step
  ASSERT_EQ(h["transitions"].size(), 2u);
  EXPECT_TRUE(h["transitions"][0]["old"].is_null());
  EXPECT_EQ(h["transitions"][0]["new"], "ACTIVE");
  EXPECT_EQ(h["transitions"][1]["old"], "ACTIVE");
  EXPECT_EQ(h["transitions"][1]["new"], "FAULTY");
  ASSERT_EQ(h["bricks"].size(), 2u);
  EXPECT_EQ(h["bricks"][1]["path"], "/bricks/m2");
  ASSERT_EQ(h["bricks"][1]["points"].size(), 1u) << "three samples in one step";
  EXPECT_EQ(h["bricks"][1]["points"][0]["samples"], 3);
  EXPECT_EQ(h["bricks"][1]["points"][0]["worker_status"], "Faulty") << "the last status of the step";
  EXPECT_EQ(h["step"], 86400);
}

TEST_F(HistoryTest, SamplesAreTakenAtMostOncePerInterval) {
  useRecorder(sync::HistoryOptions{std::chrono::hours(24), std::chrono::seconds(3600), 100});
  answer(statusWith("Active", "Active"));
  for (int i = 0; i < 4; ++i) cycle();
  EXPECT_EQ(count("georep_brick_samples"), 2);
  exec("UPDATE georep_brick_samples SET at = at - interval '2 hours'");
  cycle();
  EXPECT_EQ(count("georep_brick_samples"), 4);
}

TEST_F(HistoryTest, OldRowsArePrunedInBoundedBatches) {
  useRecorder(sync::HistoryOptions{std::chrono::hours(24 * 30), std::chrono::seconds(3600), 3});
  answer(statusWith("Active", "Active"));
  cycle();
  const auto id = sessions().at(0).id;
  const std::string sid = std::to_string(id), cid = std::to_string(cluster_.id);
  exec("INSERT INTO georep_brick_samples (cluster_id, session_id, brick_id, at, worker_status) "
       "SELECT " + cid + ", " + sid + ", brick_id, now() - interval '40 days' - g * interval '1 minute', 'Active' "
       "FROM georep_session_bricks, generate_series(1, 4) g WHERE session_id = " + sid);
  exec("INSERT INTO georep_session_status_history (cluster_id, session_id, at, new_status) "
       "SELECT " + cid + ", " + sid + ", now() - interval '31 days', 'ACTIVE' FROM generate_series(1, 5)");
  ASSERT_EQ(count("georep_brick_samples"), 2 + 8);
  ASSERT_EQ(count("georep_session_status_history"), 1 + 5);

  cycle();
  EXPECT_EQ(count("georep_brick_samples"), 10 - 3) << "at most one batch per table and cycle";
  EXPECT_EQ(count("georep_session_status_history"), 6 - 3);
  for (int i = 0; i < 3; ++i) cycle();
  EXPECT_EQ(count("georep_brick_samples"), 2) << "recent samples are kept";
  EXPECT_EQ(count("georep_session_status_history"), 1);
}

TEST_F(HistoryTest, TheSeriesIsDownsampledWithBoundedPoints) {
  useRecorder(sync::HistoryOptions{std::chrono::hours(24), std::chrono::seconds(3600), 100});
  answer(statusWith("Active", "Active"));
  cycle();
  const auto id = sessions().at(0).id;
  const std::string sid = std::to_string(id), cid = std::to_string(cluster_.id);
  exec("DELETE FROM georep_brick_samples");
  // One sample a minute for 10 hours, entry pending = minute number, from 2026-01-01T00:00:00Z.
  exec("INSERT INTO georep_brick_samples (cluster_id, session_id, brick_id, at, worker_status, entry_pending, "
       "lag_seconds) SELECT " + cid + ", " + sid + ", brick_id, timestamptz '2026-01-01 00:00:00+00' + g * "
       "interval '1 minute', 'Active', g, 2 * g FROM georep_session_bricks, generate_series(0, 599) g "
       "WHERE session_id = " + sid);

  auto h = history({{"session_id", id}, {"since", "2026-01-01T00:00:00Z"}, {"until", "2026-01-01T10:00:00Z"},
                    {"step", 3600}});
  EXPECT_EQ(h["step"], 3600);
  ASSERT_EQ(h["bricks"].size(), 2u);
  const auto& points = h["bricks"][0]["points"];
  ASSERT_EQ(points.size(), 10u);
  EXPECT_EQ(points[0]["t"], "2026-01-01T00:00:00Z");
  EXPECT_EQ(points[0]["entry_pending"], 59) << "the worst of the step";
  EXPECT_EQ(points[0]["lag_seconds"], 118);
  EXPECT_EQ(points[0]["samples"], 60);
  EXPECT_EQ(points[9]["entry_pending"], 599);

  // A step of one second over ten hours would be 36,000 points: it is raised to keep at most 1000.
  h = history({{"session_id", id}, {"since", "2026-01-01T00:00:00Z"}, {"until", "2026-01-01T10:00:00Z"}, {"step", 1}});
  EXPECT_EQ(h["step"], 36);
  EXPECT_LE(h["bricks"][0]["points"].size(), 1000u);
  EXPECT_EQ(h["bricks"][0]["points"].size(), 600u);

  // The range is [since, until).
  h = history({{"session_id", id}, {"since", "2026-01-01T01:00:00Z"}, {"until", "2026-01-01T02:00:00Z"}, {"step", 60}});
  ASSERT_EQ(h["bricks"][0]["points"].size(), 60u);
  EXPECT_EQ(h["bricks"][0]["points"][0]["entry_pending"], 60);
}

TEST_F(HistoryTest, BadParametersAreTypedErrors) {
  useRecorder(sync::HistoryOptions{});
  answer(statusWith("Active", "Active"));
  cycle();
  const auto id = sessions().at(0).id;
  const auto code = [&](nlohmann::json params) -> std::pair<api::ErrorCode, std::string> {
    try {
      history(std::move(params));
    } catch (const api::CommandError& e) {
      return {e.code(), e.field()};
    }
    return {api::ErrorCode::kInternal, "no error"};
  };
  EXPECT_EQ(code({{"session_id", id + 100}}), std::make_pair(api::ErrorCode::kNotFound, std::string("session_id")));
  EXPECT_EQ(code({{"session_id", id}, {"since", "yesterday"}}).second, "since");
  EXPECT_EQ(code({{"session_id", id}, {"since", "2026-02-30T00:00:00Z"}}).second, "since");
  EXPECT_EQ(code({{"session_id", id}, {"until", "2026-01-01T00:00:00+01"}}).second, "until");
  EXPECT_EQ(code({{"session_id", id}, {"since", "2026-01-02T00:00:00Z"}, {"until", "2026-01-01T00:00:00Z"}}).first,
            api::ErrorCode::kInvalidArgument);
  EXPECT_EQ(code({{"session_id", id}, {"since", "2020-01-01T00:00:00Z"}, {"until", "2026-01-01T00:00:00Z"}}).first,
            api::ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace georep::testing
