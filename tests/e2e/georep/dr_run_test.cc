// A DR policy on the real lab, end to end: a policy every minute with a webhook pre hook (a test HTTP
// server in this process) and an allow-listed program post hook (/usr/bin/touch on the lab node, making
// a marker file: proof it ran, with its argv, over SSH). The first scheduled run succeeds (checkpoint T
// read back from glusterd, the primary root touched through a FUSE mount on the node, every Active worker
// completes T) with a file written before it on the secondary, and so does the next scheduled one (a later
// T); a third run, started with `georepctl dr run now --follow`, succeeds too and prints its progress and
// result; `georepctl dr runs` shows them. Then a worker is made Faulty (rsync_command pointed at /bin/false, as fault_reason_test
// does) and a run fails naming the reason; the RPO target (60 s) passes and georep.dr.rpo.breached is
// raised.
// The lab sessions use glusterd's default changelog detector: a worker syncs a change once the brick's
// changelog rolls over (every 15 s), so a run on live workers takes about 15 to 30 s. On the lab's
// GlusterFS 10.3 a worker registration often never gets its brick's changelog notifications (README, "A
// worker may never get live changelogs"): such a worker stays Active, syncs nothing new and never completes
// a checkpoint. The product copes with it (dr/jobs/dr_run.h, stalled workers): a run restarts the session
// when an Active worker short of T stands still with nothing pending (45 s here, dr.stall_restart_after_seconds),
// and the start's history crawl completes T. The test does not restart anything itself; it prints each
// run's session restarts. The Faulty worker is made while the session is stopped, so that the start's
// history crawl (not a live notification) meets the change that needs rsync. Each phase prints its
// duration ([ e2e ] lines).
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include <gtest/gtest.h>

#include "harness/e2e_test.h"
#include "harness/wait.h"
#include "support/test_http_server.h"

namespace georep::testing::e2e {
namespace {

using nlohmann::json;
using std::chrono::seconds;

class DrRunTest : public E2eTest {
 protected:
  // The DR hook programs' allow-list (name -> absolute path on the nodes).
  void configureEngine(EngineOptions& options) const override {
    options.georepConfig["dr"]["hook_programs"] = {{"marker", "/usr/bin/touch"}};
    options.georepConfig["dr"]["stall_restart_after_seconds"] = 45;
  }

  // Waits for the run to end; its final georep.dr.run.get record.
  json waitForRun(std::int64_t session, std::int64_t run, std::chrono::seconds timeout) {
    json record;
    waitUntil(timeout, [&] {
      record = ok("georep.dr.run.get", {{"session_id", session}, {"run_id", run}});
      return record.value("result", "") != "running";
    }, std::chrono::milliseconds(2000));
    return record;
  }

  // Seconds since `from`, for the [ e2e ] phase lines.
  static double secondsSince(std::chrono::steady_clock::time_point from) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - from).count();
  }

  // The session restarts a run made for stalled workers (georep.dr.run.session_restarted events).
  std::size_t sessionRestarts(std::int64_t session, std::int64_t run, std::int64_t since) {
    std::size_t n = 0;
    for (const auto& e : client_->events(since)) {
      if (e.value("name", "") == "georep.dr.run.session_restarted" && e.contains("body") &&
          e["body"].value("session_id", std::int64_t{0}) == session && e["body"].value("run_id", std::int64_t{0}) == run)
        ++n;
    }
    return n;
  }

  RunResult ctl(const std::vector<std::string>& args, std::chrono::seconds timeout) {
    std::vector<std::string> argv{georepctl().string(), "--url", "http://127.0.0.1:" + std::to_string(engine_->port())};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, timeout, {{"GEOREP_TOKEN", engine_->token()}});
  }
};

TEST_F(DrRunTest, ScheduledAndManualRunsSucceedWithHooksThenAFaultyWorkerFailsARunAndTheRpoIsBreached) {
  const std::string secondary = lab_.secondaries.at(0);
  const std::int64_t id = createSession(secondary);
  ASSERT_GT(id, 0);
  const std::string sid = std::to_string(id);
  configureForLab(id);
  startAndWaitActive(id);
  ASSERT_FALSE(HasFailure()) << "the session did not come up; the rest cannot be checked";

  const auto phase = std::chrono::steady_clock::now();
  const std::string name = "dr-" + std::to_string(::getpid());
  {
    FuseMount primary(lab_, lab_.primary);
    std::ofstream(primary.dir() / (name + "-before-run")) << "written before the first DR run\n";
  }

  TestHttpServer webhook;
  const auto marker = workDir() / "post-hook-ran";
  std::int64_t since = client_->lastEventId();
  const std::int64_t sincePolicy = since;
  const json created = ok("georep.dr.policy.create",
                          {{"session_id", id},
                           {"schedule", "* * * * *"},
                           {"run_timeout_seconds", 300},
                           {"rpo_target_seconds", 60},
                           {"hooks",
                            {{"pre", {{{"type", "webhook"}, {"url", webhook.url("/freeze")}, {"timeout_seconds", 10}}}},
                             {"post", {{{"type", "program"}, {"program", "marker"}, {"args", {marker.string()}},
                                        {"node", lab_.host}, {"timeout_seconds", 30}}}}}}});
  ASSERT_TRUE(created.contains("next_run_at")) << created.dump();

  // 1. The first scheduled run (its window within a minute; the DR job ticks every 15 s).
  const json started = expectEvent("georep.dr.run.started", since, {{"session_id", id}, {"trigger", "schedule"}}, seconds(90));
  ASSERT_TRUE(started.contains("body")) << "no scheduled run started";
  const std::int64_t first = started["body"]["run_id"].get<std::int64_t>();
  json run1 = waitForRun(id, first, seconds(330));
  ASSERT_EQ(run1["result"], "succeeded") << run1.dump();
  std::cout << "[ e2e ] scheduled run " << first << " succeeded in " << run1["duration_seconds"] << " s ("
            << secondsSince(phase) << " s since the start) after " << sessionRestarts(id, first, since)
            << " session restart(s) for stalled workers\n";
  // 2. The next scheduled run: the first window after run 1 ended (windows that came while it ran were
  // recorded as skipped, overlap).
  std::int64_t second = 0;
  waitUntil(seconds(120), [&] {
    second = std::stoll(sql_->scalar("SELECT coalesce(min(id), 0)::text FROM georep_dr_runs WHERE session_id = $1 AND "
                                     "trigger = 'schedule' AND result <> 'skipped' AND id > " + std::to_string(first),
                                     {sid}).value_or("0"));
    return second > 0;
  }, std::chrono::milliseconds(2000));
  ASSERT_GT(second, 0) << "no second scheduled run started";
  const json run2 = waitForRun(id, second, seconds(330));
  ASSERT_EQ(run2["result"], "succeeded") << run2.dump();
  EXPECT_GT(run2["checkpoint_time"].get<std::string>(), run1["checkpoint_time"].get<std::string>()) << run2.dump();
  std::cout << "[ e2e ] scheduled run " << second << " succeeded in " << run2["duration_seconds"] << " s ("
            << secondsSince(phase) << " s since the start) after " << sessionRestarts(id, second, since)
            << " session restart(s) for stalled workers\n";
  // Later windows are skipped while one runs, or run after it: keep the rest manual.
  // The pause waits for the session's lock, which a run's checkpoint command may hold for a while on a
  // loaded lab: tried again until it goes through.
  CommandReply paused;
  waitUntil(seconds(180), [&] {
    paused = client_->command("georep.dr.policy.pause", {{"session_id", id}});
    return paused.ok;
  }, std::chrono::milliseconds(1000));
  ASSERT_TRUE(paused.ok) << paused.describe();
  // A window that started a run just before the pause: cancelled (post hooks still run), not waited for.
  const CommandReply cancelled = client_->command("georep.dr.run.cancel", {{"session_id", id}});
  EXPECT_TRUE(cancelled.ok || cancelled.errorCode == "conflict") << cancelled.describe();
  expectSqlEventually("SELECT count(*)::text FROM georep_dr_runs WHERE session_id = $1 AND result = 'running'", {sid},
                      "0", seconds(240));
  EXPECT_EQ(run1["trigger"], "schedule");
  EXPECT_TRUE(run1["checkpoint_time"].is_string()) << run1.dump();
  EXPECT_TRUE(run1["scheduled_for"].is_string()) << run1.dump();
  EXPECT_EQ(run1["progress"]["workers_done"], run1["progress"]["workers_active"]) << run1.dump();
  ASSERT_GE(webhook.requests().size(), 1u);
  const json hookBody = json::parse(webhook.requests()[0].body);
  EXPECT_EQ(hookBody["phase"], "pre");
  EXPECT_EQ(hookBody["run_id"], first);
  EXPECT_EQ(hookBody["volume"], lab_.primary);
  EXPECT_TRUE(std::filesystem::exists(marker)) << "the allow-listed post hook did not run on the node";
  {
    FuseMount replica(lab_, secondary);
    EXPECT_TRUE(std::filesystem::exists(replica.dir() / (name + "-before-run")))
        << "a file written before the run is not on the secondary after it succeeded";
  }
  // T recorded, and the recovery point is T.
  const json policy1 = ok("georep.dr.policy.get", {{"session_id", id}});
  // (A later scheduled run may have succeeded before the pause: then its T, later.)
  EXPECT_GE(policy1["recovery_point"]["data_consistent_as_of"].get<std::string>(),
            run1["checkpoint_time"].get<std::string>())
      << policy1.dump();
  expectEvent("georep.dr.run.succeeded", since, {{"session_id", id}, {"run_id", first}}, seconds(5));

  // 3. A manual run through georepctl, followed to its result.
  std::filesystem::remove(marker);
  const auto before = webhook.requests().size();
  const auto manual = std::chrono::steady_clock::now();
  const std::int64_t sinceManual = client_->lastEventId();
  const RunResult now = ctl({"dr", "run", "now", sid, "--follow", "--interval", "2"}, seconds(330));
  std::cout << "[ e2e ] manual run followed by georepctl to its end in " << secondsSince(manual) << " s\n";
  for (const auto& e : client_->events(sinceManual)) {
    if (e.value("name", "") == "georep.dr.run.session_restarted")
      std::cout << "[ e2e ] the manual run restarted the session: " << e["body"].dump() << "\n";
  }
  EXPECT_EQ(now.exitCode, 0) << now.describe() << "\n" << now.out;
  EXPECT_NE(now.out.find("workers "), std::string::npos) << now.out;  // the progress line
  EXPECT_NE(now.out.find(" succeeded in "), std::string::npos) << now.out;
  EXPECT_NE(now.out.find("data consistent as of "), std::string::npos) << now.out;
  EXPECT_EQ(webhook.requests().size(), before + 1);
  EXPECT_TRUE(std::filesystem::exists(marker));
  const RunResult history = ctl({"dr", "runs", sid}, seconds(30));
  ASSERT_EQ(history.exitCode, 0) << history.describe();
  EXPECT_NE(history.out.find("RESULT"), std::string::npos) << history.out;
  EXPECT_NE(history.out.find("manual"), std::string::npos) << history.out;
  EXPECT_NE(history.out.find("schedule"), std::string::npos) << history.out;
  EXPECT_GE(sql_->count("SELECT count(*) FROM georep_dr_runs WHERE session_id = $1 AND result = 'succeeded' "
                        "AND checkpoint_time IS NOT NULL",
                        {sid}),
            3);

  // 4. A Faulty worker: the next run fails, saying so. The change that needs rsync is written while the
  // session is stopped and rolled into a changelog (15 s) before the start, so the start's history crawl
  // meets it and rsync (/bin/false) fails, whether or not the new registrations hear live changelogs.
  const auto faultyPhase = std::chrono::steady_clock::now();
  const std::string url = secondaryUrl(secondary);
  since = client_->lastEventId();
  ok("georep.session.stop", {{"session_id", id}});
  {
    FuseMount primary(lab_, lab_.primary);
    std::ofstream(primary.dir() / (name + "-needs-rsync")) << "x\n";
  }
  const RunResult set = Lab::gluster({"volume", "geo-replication", lab_.primary, url, "config", "rsync_command", "/bin/false"});
  ASSERT_NE(set.out.find("<opRet>0</opRet>"), std::string::npos) << set.describe();
  std::this_thread::sleep_for(seconds(16));
  ok("georep.session.start", {{"session_id", id}});
  const json faulty = expectEvent("georep.brick.faulty", since, {{"session_id", id}, {"new", "Faulty"}}, seconds(120));
  ASSERT_TRUE(faulty.contains("body")) << "no worker went Faulty";
  std::cout << "[ e2e ] a worker went Faulty " << secondsSince(faultyPhase) << " s after the session was stopped\n";
  ok("georep.dr.policy.update", {{"session_id", id}, {"run_timeout_seconds", 120}});
  const json third = ok("georep.dr.run.now", {{"session_id", id}});
  ASSERT_TRUE(third.contains("run_id")) << third.dump();
  const json run3 = waitForRun(id, third["run_id"].get<std::int64_t>(), seconds(200));
  EXPECT_EQ(run3["result"], "failed") << run3.dump();
  std::string error = run3.value("error", "");
  for (auto& c : error) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_TRUE(error.find("faulty") != std::string::npos || error.find("sync failures") != std::string::npos)
      << run3.dump();
  expectEvent("georep.dr.run.failed", since, {{"session_id", id}, {"run_id", third["run_id"]}}, seconds(5));
  std::cout << "[ e2e ] run " << third["run_id"] << " failed at step " << run3.value("step", "") << " in "
            << run3["duration_seconds"] << " s: " << run3.value("error", "") << "\n";

  // 5. No success for longer than the 60 s target: breached. It is raised once per transition: the
  // policy may already have breached before run 1 succeeded (a minute without any consistent point) and
  // recovered with it, so the session's breached/recovered events alternate, starting and ending with a
  // breach, never two of the same in a row.
  const json breached = expectEvent("georep.dr.rpo.breached", sincePolicy, {{"session_id", id}}, seconds(120));
  EXPECT_EQ(ok("georep.dr.policy.get", {{"session_id", id}})["recovery_point"]["rpo_breached"], true);
  std::string transitions;
  for (const auto& e : client_->events(sincePolicy)) {
    const std::string n = e.value("name", "");
    if ((n == "georep.dr.rpo.breached" || n == "georep.dr.rpo.recovered") && e.contains("body") &&
        e["body"].value("session_id", std::int64_t{0}) == id)
      transitions += n == "georep.dr.rpo.breached" ? "B" : "R";
  }
  const bool alternating = !transitions.empty() && transitions.front() == 'B' && transitions.back() == 'B' &&
                           transitions.find("BB") == std::string::npos && transitions.find("RR") == std::string::npos;
  EXPECT_TRUE(alternating) << "breached (B) / recovered (R) events: " << transitions << "; " << breached.dump();
  std::cout << "[ e2e ] whole DR test " << secondsSince(phase) << " s after the session was up\n";

  Lab::gluster({"volume", "geo-replication", lab_.primary, url, "config", "!rsync_command"});
  ok("georep.session.stop", {{"session_id", id}, {"force", true}});
  ok("georep.session.delete", {{"session_id", id}, {"force", true}});
}

}  // namespace
}  // namespace georep::testing::e2e
