// Why a worker failed, end to end below the engine: ClusterSync with the FaultInvestigator, the real
// ClusterGateway over FakeTransports, real PostgreSQL. The gsyncd log tails the fake node returns are the
// REAL lab captures (tests/fixtures/gsyncd-faults), their brick path rewritten to the fixture's /bricks/m2.
// Covers: the read (argv, node), the stored reason and georep.brick.faulty's body, session.get, one read
// per Faulty episode, retry at most once per N cycles after a failed read, clearing on recovery, the size
// bounds, and hostile log paths (nothing read).
#include <gtest/gtest.h>

#include "commands/handlers.h"
#include "sync-jobs/fault_investigator.h"
#include "support/fault_captures.h"
#include "sync_fixture.h"

namespace georep::testing {
namespace {

constexpr const char* kLog = "/var/log/glusterfs/geo-replication/mastervol_vm_slavevol/gsyncd.log";

class FaultReasonsTest : public SyncTest {
 protected:
  void SetUp() override {
    SyncTest::SetUp();
    sync::FaultOptions options;
    options.retryCycles = 3;
    faults_ = std::make_unique<sync::FaultInvestigator>(db_->database(), *gateway_, options);
    sync_->setFollowUps(faults_.get(), nullptr);
  }

  // A stored session, both workers Active, its config (log_file = logFile) stored.
  std::int64_t activeSession(const std::string& logFile = kLog) {
    logFile_ = logFile;
    workers("Active", "Active", "");
    cycle();
    sync_->runConfig(cluster_, std::nullopt, "corr-config");
    return sessions().at(0).id;
  }

  // From now on node vm reports these worker states and answers `tail` with tailOut (a real capture).
  void workers(const std::string& first, const std::string& second, const std::string& tailOut,
               int tailExit = 0) {
    fake("vm").clearRules();
    answer(statusWith(first, second));
    fake("vm").on({"geo-replication", "mastervol", "vm::slavevol", "config"},
                  gluster::ExecResult{0, configWith("log_file", logFile_), ""});
    fake("vm").on({"tail"}, gluster::ExecResult{tailExit, tailOut, tailExit == 0 ? "" : tailOut});
  }

  // The lab capture as the fixture's node would hold it: its brick 2 is /bricks/m2.
  static std::string nodeLog(const std::string& capture) {
    return replaceAll(readFaultCapture(capture), kLabBrick2, "/bricks/m2");
  }

  std::size_t tailCalls(const std::string& host = "vm") {
    std::size_t n = 0;
    for (const auto& argv : fake(host).calls()) n += !argv.empty() && argv[0] == "tail";
    return n;
  }

  struct FaultRow {
    std::string reasonClass, hint, excerpt, logPath;
    std::optional<std::string> readError;
    int attempts = 0;
  };
  std::optional<FaultRow> fault(std::int64_t sessionId, const std::string& path = "/bricks/m2") {
    auto lease = db_->database().leaseShared(std::chrono::seconds(10));
    soci::session& sql = lease.sql();
    long long sid = sessionId;
    FaultRow row;
    std::string error;
    soci::indicator errorInd = soci::i_null;
    sql << "SELECT f.reason_class, f.hint, f.excerpt, f.log_path, f.read_error, f.attempts FROM georep_brick_faults f "
           "JOIN georep_bricks b ON b.id = f.brick_id WHERE f.session_id = :s AND b.path = :p",
        soci::use(sid, "s"), soci::use(path, "p"), soci::into(row.reasonClass), soci::into(row.hint),
        soci::into(row.excerpt), soci::into(row.logPath), soci::into(error, errorInd), soci::into(row.attempts);
    if (!sql.got_data()) return std::nullopt;
    if (errorInd != soci::i_null) row.readError = error;
    return row;
  }

  std::vector<api::Event> named(const std::string& name) {
    std::vector<api::Event> out;
    for (const auto& e : events_.events()) {
      if (e.name == name) out.push_back(e);
    }
    return out;
  }

  std::unique_ptr<sync::FaultInvestigator> faults_;
  std::string logFile_ = kLog;
};

TEST_F(FaultReasonsTest, AFaultyWorkerGetsItsReasonFromOneReadOfItsNodesLogTail) {
  const auto id = activeSession();
  events_.clear();

  workers("Active", "Faulty", nodeLog("rsync_false.log"));
  cycle();

  // One read, on the brick's node, exactly this argv.
  ASSERT_EQ(tailCalls(), 1u);
  std::vector<std::string> tailArgv;
  for (const auto& argv : fake("vm").calls()) {
    if (argv[0] == "tail") tailArgv = argv;
  }
  EXPECT_EQ(tailArgv, (std::vector<std::string>{"tail", "-c", "65536", "--", kLog}));
  EXPECT_EQ(tailCalls("vm2"), 0u);

  const auto row = fault(id);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->reasonClass, "rsync");
  EXPECT_NE(row->hint.find("rsync"), std::string::npos);
  EXPECT_NE(row->excerpt.find("/bricks/m2"), std::string::npos);
  EXPECT_EQ(row->excerpt.find(kLabBrick1), std::string::npos) << "the other worker's lines are not its reason";
  EXPECT_FALSE(row->readError);
  EXPECT_FALSE(fault(id, "/bricks/m1"));

  // The event of the transition carries the reason.
  const auto faulty = named("georep.brick.faulty");
  ASSERT_EQ(faulty.size(), 1u);
  ASSERT_TRUE(faulty[0].body.contains("reason")) << faulty[0].body.dump();
  EXPECT_EQ(faulty[0].body["reason"]["class"], "rsync");
  EXPECT_EQ(faulty[0].body["reason"]["log_path"], kLog);

  // session.get shows it per brick.
  commands::CommandDeps deps{db_->database(), events_, *inventory_, *gateway_, {}, {}, {}, {}, {}};
  const auto got = commands::sessionGet(deps, nlohmann::json{{"session_id", id}}, api::CommandContext{});
  ASSERT_EQ(got["bricks"].size(), 2u);
  EXPECT_TRUE(got["bricks"][0]["fault"].is_null());
  EXPECT_EQ(got["bricks"][1]["fault"]["class"], "rsync");
  EXPECT_FALSE(got["bricks"][1]["fault"]["hint"].get<std::string>().empty());

  // Debounced: still Faulty, no more reads.
  for (int i = 0; i < 5; ++i) cycle();
  EXPECT_EQ(tailCalls(), 1u);
  EXPECT_EQ(fault(id)->attempts, 1);
}

TEST_F(FaultReasonsTest, StaleStimeXattrsFillingTheBrickRootAreStoredAsXattrSpaceExhausted) {
  const auto id = activeSession();
  events_.clear();
  // The real capture's worker ran on the throwaway brick labxattrp-1; here it is the fixture's brick 2.
  workers("Active", "Faulty",
          replaceAll(readFaultCapture("xattr_space_exhausted.log"), "/var/lib/georep-lab/bricks/labxattrp-1", "/bricks/m2"));
  cycle();
  const auto row = fault(id);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->reasonClass, "xattr_space_exhausted");
  EXPECT_NE(row->hint.find("setfattr -x"), std::string::npos) << row->hint;
  EXPECT_NE(row->excerpt.find("[Errno 28] No space left on device"), std::string::npos);
  const auto faulty = named("georep.brick.faulty");
  ASSERT_EQ(faulty.size(), 1u);
  EXPECT_EQ(faulty[0].body["reason"]["class"], "xattr_space_exhausted") << faulty[0].body.dump();
}

TEST_F(FaultReasonsTest, TheReasonIsKeptUntilTheWorkerRecoversAndANewEpisodeIsReadAgain) {
  const auto id = activeSession();
  workers("Active", "Faulty", nodeLog("rsync_false.log"));
  cycle();
  ASSERT_TRUE(fault(id));

  workers("Active", "Initializing...", nodeLog("rsync_false.log"));  // the monitor restarts it: same episode
  cycle();
  EXPECT_TRUE(fault(id));
  workers("Active", "Faulty", nodeLog("rsync_false.log"));
  cycle();
  EXPECT_EQ(tailCalls(), 1u);

  workers("Active", "Active", "");  // recovered
  cycle();
  EXPECT_FALSE(fault(id));

  workers("Active", "Faulty", nodeLog("ssh_key_removed.log"));  // a new episode: read again
  cycle();
  EXPECT_EQ(tailCalls(), 2u);
  ASSERT_TRUE(fault(id));
  EXPECT_EQ(fault(id)->reasonClass, "ssh_auth");
}

TEST_F(FaultReasonsTest, AFailedReadIsStoredAndRetriedAtMostOncePerNCycles) {
  const auto id = activeSession();
  workers("Active", "Faulty", "tail: cannot open 'x' for reading: No such file or directory", 1);
  cycle();
  ASSERT_EQ(tailCalls(), 1u);
  auto row = fault(id);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->reasonClass, "log_unreadable");
  ASSERT_TRUE(row->readError);
  EXPECT_NE(row->readError->find("No such file"), std::string::npos);

  cycle();
  cycle();
  EXPECT_EQ(tailCalls(), 1u) << "retryCycles = 3: not before the third cycle";
  workers("Active", "Faulty", nodeLog("secondary_read_only.log"));
  cycle();
  EXPECT_EQ(tailCalls(), 2u);
  row = fault(id);
  ASSERT_TRUE(row);
  EXPECT_FALSE(row->readError);
  EXPECT_EQ(row->attempts, 2);
  EXPECT_NE(row->reasonClass, "log_unreadable");
}

TEST_F(FaultReasonsTest, ReadsAndExcerptsAreBoundedWhateverTheNodeSends) {
  const auto id = activeSession();
  // A node (or a hostile tail) answering far more than asked, with control bytes and invalid UTF-8.
  std::string huge(3u << 20, 'x');
  huge += "\n[2026-12-01 05:56:01.734562] E [syncdutils(worker /bricks/m2):845:errlog] Popen: \x1b[31m\xff\xfe ";
  huge += std::string(10000, 'y') + " No space left on device\n";
  workers("Active", "Faulty", huge);
  cycle();
  const auto row = fault(id);
  ASSERT_TRUE(row);
  EXPECT_LE(row->excerpt.size(), 4096u);
  EXPECT_EQ(row->excerpt.find('\x1b'), std::string::npos);
  EXPECT_EQ(row->excerpt.find('\xff'), std::string::npos);
}

class HostileLogPathTest : public FaultReasonsTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(HostileLogPathTest, IsRefusedAndNothingIsRead) {
  const auto id = activeSession(GetParam());
  workers("Active", "Faulty", "root:$6$secret:19000:0:99999:7:::\n");
  cycle();
  EXPECT_EQ(tailCalls("vm"), 0u);
  EXPECT_EQ(tailCalls("vm2"), 0u);
  const auto row = fault(id);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->reasonClass, "log_unreadable");
  ASSERT_TRUE(row->readError);
  EXPECT_NE(row->readError->find("refused"), std::string::npos);
  EXPECT_EQ(row->excerpt, "");
  EXPECT_EQ(row->logPath.find('\n'), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Paths, HostileLogPathTest,
                         ::testing::Values("/etc/shadow",
                                           "/var/log/glusterfs/geo-replication/../../../../etc/shadow",
                                           "/var/log/glusterfs/geo-replication/x/../../../../etc/shadow.log",
                                           "/var/log/glusterfs/geo-replication/mastervol_vm_slavevol/gsyncd.log\n/etc/x.log",
                                           "var/log/glusterfs/geo-replication/m/gsyncd.log",
                                           "/var/log/glusterfs/cli.log",
                                           "/var/log/glusterfs/geo-replication/m/$(reboot).log",
                                           "/var/log/glusterfs/geo-replication/m/-n.log x"));

TEST_F(FaultReasonsTest, ASessionWhoseConfigWasNotReadYetWaitsForIt) {
  workers("Active", "Faulty", nodeLog("rsync_false.log"));
  cycle();  // discovered, Faulty, no config stored
  EXPECT_EQ(tailCalls(), 0u);
  const auto id = sessions().at(0).id;
  EXPECT_FALSE(fault(id));
  sync_->runConfig(cluster_, std::nullopt, "corr-config");
  cycle();
  EXPECT_EQ(tailCalls(), 1u);
  ASSERT_TRUE(fault(id));
  EXPECT_EQ(fault(id)->reasonClass, "rsync");
}

}  // namespace
}  // namespace georep::testing
