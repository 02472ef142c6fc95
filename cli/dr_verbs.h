// georepctl's DR verbs, over the engine's georep.dr.run.* commands:
//   dr run now ID... [--follow] [--interval S]  start a run of each session's policy; with --follow,
//       a live progress line per run (workers done of Active, pending entry/data/meta, elapsed, step),
//       redrawn in place on a terminal and printed when it changes otherwise, until each result; exit 0
//       only when every run succeeded
//   dr runs ID [--limit N]                       the session's run history as a table
//   dr cancel ID                                 cancel the session's run in flight
// --json prints the engine's JSON instead (for follow: the final run records).
// Thread-safety: the object holds CLI11's option targets; use it from one thread, and do not move it.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <vector>

#include "cli/cli_settings.h"
#include "cli/credentials_store.h"

namespace CLI {
class App;
}

namespace georep::cli {

class DrVerbs {
 public:
  explicit DrVerbs(CLI::App& app);
  DrVerbs(const DrVerbs&) = delete;
  DrVerbs& operator=(const DrVerbs&) = delete;

  // The chosen verb's exit status; nothing when none of these was chosen.
  std::optional<int> run(const Settings& settings, const CredentialsStore& store, std::ostream& out,
                         std::ostream& err) const;

 private:
  int runNow(const Settings& settings, const CredentialsStore& store, std::ostream& out, std::ostream& err) const;

  CLI::App* now_ = nullptr;
  CLI::App* runs_ = nullptr;
  CLI::App* cancel_ = nullptr;
  std::vector<std::int64_t> nowSessions_;
  bool follow_ = false;
  double intervalSeconds_ = 2.0;
  std::int64_t session_ = 0;
  std::int64_t cancelSession_ = 0;
  int limit_ = 20;
};

}  // namespace georep::cli
