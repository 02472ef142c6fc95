// Leadership: which engine runs the periodic per-cluster work (the sync job, the DR scheduler) when
// several engines share one database. The engine elects one leader per cluster (a PostgreSQL advisory
// lock on a dedicated connection plus a lease row, engine/src/leadership/leadership_manager.h); commands
// still run on any engine. A plugin asks leads() before starting a cluster's work and commits that work
// with recordCycle() inside its own write transaction, so a leader that lost the cluster (its process was
// stopped, its connection cut) cannot write after another engine took over (fencing).
// Thread-safety: every method may be called from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace soci {
class session;
}

namespace georep::api {

class Leadership {
 public:
  virtual ~Leadership() = default;

  // This engine's id (config leadership.engine_id, or generated at start and logged).
  virtual std::string engineId() const = 0;

  // The leadership epoch (fencing token) when this engine leads `clusterId` now and its lease is still
  // valid by this process's monotonic clock; nullopt otherwise. Memory only, cheap.
  virtual std::optional<std::int64_t> leads(std::int64_t clusterId) = 0;

  // Inside the caller's OPEN transaction on `sql` (a pooled connection): checks that `epoch` is still the
  // cluster's leadership epoch and that the cluster's previous cycle (by any engine, any epoch) was at
  // least `minGap` ago, and records one cycle of work under it; the checked row stays locked until the
  // caller's transaction ends, so no hand-over commits in between. False: another engine leads now (or the
  // cluster is gone), or the previous leader reconciled it less than minGap ago (right after a hand-over);
  // the caller must roll back what it wrote. Throws on a database error.
  virtual bool recordCycle(soci::session& sql, std::int64_t clusterId, std::int64_t epoch,
                           std::chrono::milliseconds minGap) = 0;

  // Like recordCycle() without recording a cycle: for the other writes of a leader's work (the sync job's
  // config runs). The row stays share-locked until the caller's transaction ends.
  virtual bool checkEpoch(soci::session& sql, std::int64_t clusterId, std::int64_t epoch) = 0;
};

}  // namespace georep::api
