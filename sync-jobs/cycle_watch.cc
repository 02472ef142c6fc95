// CycleWatch (sync-jobs/cycle_watch.h).
#include "sync-jobs/cycle_watch.h"

#include <utility>

#include "dao/reconcile_snapshot.h"

namespace georep::sync {

CycleWatch::CycleWatch(api::EventBus& events, std::chrono::seconds stallAfter, Clock clock)
    : events_(events), clock_(std::move(clock)), stalls_(stallAfter) {}

void CycleWatch::onCycle(CycleReport& report, const std::string& correlationId) {
  const auto now = clock_();
  if (report.state) {
    for (api::Event e : stalls_.observe(report.cluster, report.state->sessions, now)) {
      e.correlationId = correlationId;
      report.events.push_back(e);
      events_.raise(std::move(e));
    }
  }
  metrics_.onCycle(report, stalls_, now);
}

}  // namespace georep::sync
