// georepctl's DR text: the live progress line of `dr run now --follow`, the result line, and the
// `dr runs` history table (columns, durations, server text made terminal-safe).
#include <gtest/gtest.h>

#include "cli/dr_progress.h"

namespace georep::cli {
namespace {

TEST(DrProgress, ElapsedReadsLikeAClock) {
  EXPECT_EQ(drElapsed(0), "0s");
  EXPECT_EQ(drElapsed(45), "45s");
  EXPECT_EQ(drElapsed(65), "1m05s");
  EXPECT_EQ(drElapsed(7380), "2h03m");
  EXPECT_EQ(drElapsed(-5), "0s");
}

TEST(DrProgress, TheLineShowsWorkersPendingElapsedAndStep) {
  const nlohmann::json run{{"run_id", 17},
                           {"result", "running"},
                           {"progress",
                            {{"step", "wait"}, {"workers_done", 1}, {"workers_active", 2}, {"pending_entry", 3},
                             {"pending_data", 40}, {"pending_meta", 1}, {"elapsed_seconds", 65}}}};
  EXPECT_EQ(drProgressLine(3, run), "session 3 run 17  wait  workers 1/2 done  pending entry 3 data 40 meta 1  elapsed 1m05s");
}

TEST(DrProgress, ResultLinesSayWhatHappened) {
  EXPECT_EQ(drResultLine(3, {{"run_id", 17}, {"result", "succeeded"}, {"duration_seconds", 65},
                             {"checkpoint_time", "2026-11-21T12:00:20Z"}}),
            "session 3 run 17  succeeded in 1m05s; data consistent as of 2026-11-21T12:00:20Z");
  EXPECT_EQ(drResultLine(3, {{"run_id", 18}, {"result", "failed"}, {"step", "wait"},
                             {"error", "the worker of n1:/b is Faulty"}, {"brick", "n1:/b"}}),
            "session 3 run 18  failed at wait: the worker of n1:/b is Faulty (brick n1:/b)");
}

TEST(DrProgress, TheHistoryTableHasOneRowPerRunAndEscapesServerText) {
  const nlohmann::json runs = nlohmann::json::array(
      {{{"run_id", 2}, {"trigger", "manual"}, {"scheduled_for", nullptr}, {"started_at", "2026-11-21T12:10:00Z"},
        {"duration_seconds", 30}, {"result", "failed"}, {"step", "pre_hooks"}, {"checkpoint_time", nullptr},
        {"error", "pre hook 1\x1b[2J"}},
       {{"run_id", 1}, {"trigger", "schedule"}, {"scheduled_for", "2026-11-21T12:00:00Z"},
        {"started_at", "2026-11-21T12:00:01Z"}, {"duration_seconds", 75}, {"result", "succeeded"}, {"step", "done"},
        {"checkpoint_time", "2026-11-21T12:00:20Z"}, {"error", nullptr}}});
  const std::string table = drRunsTable(runs);
  EXPECT_EQ(table.rfind("RUN  TRIGGER   SCHEDULED", 0), 0u) << table;
  EXPECT_NE(table.find("succeeded  done"), std::string::npos) << table;
  EXPECT_NE(table.find("1m15s"), std::string::npos);
  EXPECT_NE(table.find("2026-11-21T12:00:20Z"), std::string::npos);
  EXPECT_EQ(table.find('\x1b'), std::string::npos) << "no escape sequence reaches the terminal";
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 3);
}

}  // namespace
}  // namespace georep::cli
