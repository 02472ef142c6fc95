// Convergence checks of the chaos suite: what GlusterFS reports (the geo-rep status of the primary
// cluster, asked on a live node; bricks of nodes that do not answer are Offline) against what the
// engine's database holds, session by session and brick by brick, and a stopwatch that measures how long
// the database takes to get there after a fault (printed and kept for the README figures).
// Thread-safety: plain functions and values; one thread.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "harness/sql_probe.h"

namespace georep::testing::chaos {

// One geo-rep session as GlusterFS or the database sees it: brick path -> worker status
// ("Active", "Passive", "Initializing", "Created", "Stopped", "Faulty", "Paused", "Offline", ...).
struct SessionView {
  std::string primaryVolume;
  std::string secondaryVolume;
  std::map<std::string, std::string> workers;
  std::string status;  // the database's aggregate status (empty for GlusterFS's view)
  int rows = 0;        // database rows of this pair (1 unless duplicated)
};
// (primary volume, secondary volume) -> session
using SessionsView = std::map<std::pair<std::string, std::string>, SessionView>;

// `volume geo-replication status` parsed: every session with its workers; the bricks of `bricksOf`
// (volume -> brick paths) missing from the answer are Offline. Nothing when the CLI failed.
std::optional<SessionsView> parseGlusterStatus(const std::string& xml,
                                               const std::map<std::string, std::vector<std::string>>& bricksOf);
// The database's sessions of cluster `cluster` with their brick workers.
SessionsView databaseSessions(e2e::SqlProbe& sql, const std::string& cluster);
// Brick paths of every stored volume of `cluster` (for the Offline filling).
std::map<std::string, std::vector<std::string>> databaseBricks(e2e::SqlProbe& sql, const std::string& cluster);

// Primary volumes of `cluster` whose every brick is on `host` (the address as stored): while that node is
// down no other node lists their sessions at all.
std::set<std::string> volumesOnlyOn(e2e::SqlProbe& sql, const std::string& cluster, const std::string& host);

// Empty when the two views agree (same sessions, one row each, same worker per brick), else what differs.
// Sessions of the primary volumes in `leftOut` are not compared (nor required on either side).
std::string differences(const SessionsView& gluster, const SessionsView& database,
                        const std::set<std::string>& leftOut = {});

// A stopwatch for the convergence figures: prints "[ chaos ] <what>: 12.3 s" to stderr and records it.
class Convergence {
 public:
  explicit Convergence(std::string what) : what_(std::move(what)), start_(std::chrono::steady_clock::now()) {}
  // Seconds since construction; printed with `what`.
  double done();

 private:
  std::string what_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace georep::testing::chaos
