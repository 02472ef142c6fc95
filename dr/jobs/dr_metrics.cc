// DrMetrics (dr/jobs/dr_metrics.h).
#include "dr/jobs/dr_metrics.h"

#include <array>

#include "commands/dr_runs.h"

namespace georep::dr {
namespace {

using api::MetricLabel;
using api::MetricType;

double unixSeconds(dao::TimePoint t) {
  return static_cast<double>(std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count());
}

}  // namespace

void DrMetrics::publish(std::vector<DrSessionSnapshot> sessions) {
  auto snapshot = std::make_shared<const std::vector<DrSessionSnapshot>>(std::move(sessions));
  std::lock_guard lock(mutex_);
  sessions_ = std::move(snapshot);
}

void DrMetrics::collect(api::MetricsWriter& w, dao::TimePoint now) const {
  std::shared_ptr<const std::vector<DrSessionSnapshot>> sessions;
  {
    std::lock_guard lock(mutex_);
    sessions = sessions_;
  }
  if (!sessions || sessions->empty()) return;
  struct Row {
    std::array<MetricLabel, 3> labels;
    commands::DrRecoveryPoint point;
    const DrSessionSnapshot* session;
  };
  std::vector<Row> rows;
  rows.reserve(sessions->size());
  for (const DrSessionSnapshot& s : *sessions) {
    rows.push_back(Row{{MetricLabel{"cluster", s.labels.cluster}, MetricLabel{"volume", s.labels.volume},
                        MetricLabel{"secondary", s.labels.secondary}},
                       commands::drRecoveryPoint(s.policy, s.lastSuccess, now, s.completedCheckpoint),
                       &s});
  }
  w.family("georep_session_data_consistent_timestamp_seconds", MetricType::kGauge,
           "Checkpoint time T of the session's last succeeded DR run: the secondary is consistent as of T "
           "(Unix time; absent before a run succeeded).");
  for (const Row& r : rows) {
    if (r.point.dataConsistentAsOf) w.sample(r.labels, unixSeconds(*r.point.dataConsistentAsOf));
  }
  w.family("georep_session_rpo_seconds", MetricType::kGauge,
           "Recovery point objective reached: now minus the checkpoint time T of the last succeeded DR run.");
  for (const Row& r : rows) {
    if (r.point.rpoSeconds) w.sample(r.labels, static_cast<double>(*r.point.rpoSeconds));
  }
  w.family("georep_session_rpo_target_seconds", MetricType::kGauge, "RPO target of the session's DR policy.");
  for (const Row& r : rows) w.sample(r.labels, static_cast<double>(r.point.rpoTargetSeconds));
  w.family("georep_dr_runs_total", MetricType::kCounter,
           "Ended DR runs of the session by result: succeeded, failed, timed_out, skipped, cancelled.");
  for (const Row& r : rows) {
    for (const auto& [result, count] : r.session->runsByResult) {
      const std::array<MetricLabel, 4> labels{r.labels[0], r.labels[1], r.labels[2], MetricLabel{"result", result}};
      w.sample(labels, static_cast<double>(count));
    }
  }
}

}  // namespace georep::dr
