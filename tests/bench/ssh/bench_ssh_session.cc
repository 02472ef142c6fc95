// Session reuse: a command on a host with no open session (connect, host key verification, publickey
// auth, channel, exec) against the same command on the session kept by the pool. Both run the real
// command line SshTransport sends (remote `timeout` wrapper included) on a loopback OpenSSH server.
// Prints the speed-up and exits non-zero when it is below the 5x target.
#include <benchmark/benchmark.h>

#include <chrono>
#include <iostream>
#include <map>
#include <memory>

#include "gluster/local_transport.h"
#include "gluster/ssh_session_pool.h"
#include "gluster/ssh_transport.h"
#include "integration/ssh/test_sshd.h"

namespace {

using namespace std::chrono_literals;
using georep::gluster::SshSessionPool;
using georep::gluster::SshTransport;

std::unique_ptr<georep::testing::TestSshd> sshd;
const std::vector<std::string> kCommand{GEOREP_ARGV_ECHO, "--", "ping"};

void check(const georep::gluster::ExecResult& r, benchmark::State& state) {
  if (r.exitStatus != 0 || r.out != std::string("ping\0", 5)) state.SkipWithError("unexpected command result");
}

void BM_FirstCommandOnHost(benchmark::State& state) {
  for (auto _ : state) {
    state.PauseTiming();
    auto pool = std::make_shared<SshSessionPool>();
    SshTransport transport(sshd->target(), pool);
    state.ResumeTiming();
    check(transport.run(kCommand, 10s), state);
    state.PauseTiming();
    pool.reset();  // disconnect outside the measurement
    state.ResumeTiming();
  }
}
BENCHMARK(BM_FirstCommandOnHost)->UseRealTime()->Unit(benchmark::kMillisecond)->MinTime(3.0);

void BM_CommandOnReusedSession(benchmark::State& state) {
  auto pool = std::make_shared<SshSessionPool>();
  SshTransport transport(sshd->target(), pool);
  check(transport.run(kCommand, 10s), state);  // opens the session
  for (auto _ : state) check(transport.run(kCommand, 10s), state);
  if (pool->openSessions() != 1) state.SkipWithError("the session was not reused");
}
BENCHMARK(BM_CommandOnReusedSession)->UseRealTime()->Unit(benchmark::kMillisecond)->MinTime(3.0);

// For scale: the same program run locally (posix_spawn, no SSH).
void BM_LocalTransport(benchmark::State& state) {
  georep::gluster::LocalTransport local;
  for (auto _ : state) check(local.run(kCommand, 10s), state);
}
BENCHMARK(BM_LocalTransport)->UseRealTime()->Unit(benchmark::kMillisecond);

// Console output plus the real time per iteration of each benchmark, to compute the speed-up.
class RecordingReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.run_type == Run::RT_Iteration && run.iterations > 0) {
        realSeconds[run.benchmark_name()] = run.real_accumulated_time / static_cast<double>(run.iterations);
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }
  std::map<std::string, double> realSeconds;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  sshd = std::make_unique<georep::testing::TestSshd>();
  RecordingReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  sshd.reset();
  benchmark::Shutdown();
  const auto first = reporter.realSeconds.find("BM_FirstCommandOnHost/min_time:3.000/real_time");
  const auto reused = reporter.realSeconds.find("BM_CommandOnReusedSession/min_time:3.000/real_time");
  if (first == reporter.realSeconds.end() || reused == reporter.realSeconds.end()) return 0;  // filtered run
  const double speedup = first->second / reused->second;
  std::cout << "first command " << first->second * 1e3 << " ms, reused session " << reused->second * 1e3
            << " ms: reuse is " << speedup << "x faster (target >= 5x)\n";
  return speedup >= 5.0 ? 0 : 1;
}
