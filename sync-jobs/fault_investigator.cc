// FaultInvestigator (sync-jobs/fault_investigator.h).
#include "sync-jobs/fault_investigator.h"

#include <exception>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include "commands/fault_json.h"
#include "dao/fault_dao.h"
#include "gluster/cluster_gateway.h"
#include "gluster/errors.h"
#include "gluster/input_validation.h"
#include "gluster/log_tail_reader.h"
#include "sync-jobs/fault_classifier.h"
#include "sync-jobs/sync_events.h"

namespace georep::sync {
namespace {

constexpr std::chrono::milliseconds kLeaseWait{10000};
constexpr std::size_t kMaxReadErrorChars = 300;

// The worker runs again, or an operator stopped it: the Faulty episode is over.
bool recovered(gluster::WorkerStatus s) {
  switch (s) {
    case gluster::WorkerStatus::kActive:
    case gluster::WorkerStatus::kPassive:
    case gluster::WorkerStatus::kStopped:
    case gluster::WorkerStatus::kPaused:
    case gluster::WorkerStatus::kCreated: return true;
    case gluster::WorkerStatus::kInitializing:
    case gluster::WorkerStatus::kFaulty:
    case gluster::WorkerStatus::kOffline:
    case gluster::WorkerStatus::kConfigCorrupted:
    case gluster::WorkerStatus::kUnknown: return false;
  }
  return false;
}

dao::BrickFaultRecord unreadable(const dao::FaultCandidate& c, const std::string& path, const std::string& why) {
  dao::BrickFaultRecord f;
  f.sessionId = c.sessionId;
  f.brickId = c.brickId;
  f.reasonClass = std::string(faultClassName(FaultClass::kLogUnreadable));
  f.hint = std::string(faultHint(FaultClass::kLogUnreadable));
  f.logPath = gluster::printableValue(path, 512);
  f.readError = gluster::printableValue(why, kMaxReadErrorChars);
  f.attempts = c.fault ? c.fault->attempts + 1 : 1;
  return f;
}

dao::BrickFaultRecord diagnosed(const dao::FaultCandidate& c, const std::string& path, const std::string& logTail) {
  FaultDiagnosis d = classifyFault(logTail, c.path);
  dao::BrickFaultRecord f;
  f.sessionId = c.sessionId;
  f.brickId = c.brickId;
  f.reasonClass = std::string(faultClassName(d.reasonClass));
  f.hint = std::move(d.hint);
  f.excerpt = std::move(d.excerpt);
  f.loggedAt = std::move(d.loggedAt);
  f.logPath = path;
  f.attempts = c.fault ? c.fault->attempts + 1 : 1;
  return f;
}

}  // namespace

FaultInvestigator::FaultInvestigator(api::Database& database, gluster::ClusterGateway& gateway, FaultOptions options)
    : database_(database), gateway_(gateway), options_(options) {}

FaultReport FaultInvestigator::investigate(const api::Cluster& cluster, std::vector<api::Event>& events) {
  FaultReport report;
  const dao::FaultDao dao;
  std::vector<dao::FaultCandidate> candidates;
  {
    api::DbLease lease = database_.lease(kLeaseWait);
    candidates = dao.candidates(lease.sql(), cluster.id);
  }

  // Decide: rows to clear, bricks to read (grouped by session and node: one read serves them all).
  std::vector<const dao::FaultCandidate*> toClear;
  std::map<std::tuple<std::int64_t, std::string>, std::vector<const dao::FaultCandidate*>> toRead;
  {
    std::lock_guard lock(mutex_);
    for (const auto& c : candidates) {
      const auto key = std::make_tuple(c.sessionId, c.brickId);
      if (recovered(c.workerStatus)) {
        cyclesSinceFailedRead_.erase(key);
        if (c.fault) toClear.push_back(&c);
        continue;
      }
      if (c.workerStatus != gluster::WorkerStatus::kFaulty) continue;  // the episode goes on
      if (c.fault && !c.fault->readError) continue;                   // already known
      if (c.fault && ++cyclesSinceFailedRead_[key] < options_.retryCycles) {
        ++report.deferred;
        continue;
      }
      if (!c.logFile) {  // the session's config was not read yet: its drift check comes first
        ++report.deferred;
        continue;
      }
      const auto group = std::make_tuple(c.sessionId, c.host);
      if (!toRead.count(group) && toRead.size() >= options_.maxReadsPerCycle) {
        if (c.fault) cyclesSinceFailedRead_[key] = options_.retryCycles;  // first in line next cycle
        ++report.deferred;
        continue;
      }
      cyclesSinceFailedRead_.erase(key);
      toRead[group].push_back(&c);
    }
  }

  std::vector<dao::BrickFaultRecord> records;
  for (const auto& [group, bricks] : toRead) {
    const std::string& host = std::get<1>(group);
    const std::string path = *bricks.front()->logFile;
    if (const auto problem = gluster::gsyncdLogPathProblem(path)) {
      for (const auto* c : bricks) records.push_back(unreadable(*c, path, "log path refused: " + *problem));
      spdlog::warn("fault reason of session {} on {}: log path {} refused: {}", bricks.front()->sessionId,
                   gluster::printableValue(host), gluster::printableValue(path), *problem);
      continue;
    }
    ++report.reads;
    try {
      std::string tail;
      gateway_.onNode(cluster, host, [&](gluster::Transport& transport, const api::Host&) {
        tail = gluster::readLogTail(transport, path, options_.logBytes, options_.readTimeout).text;
      });
      for (const auto* c : bricks) records.push_back(diagnosed(*c, path, tail));
    } catch (const std::exception& e) {
      for (const auto* c : bricks) records.push_back(unreadable(*c, path, e.what()));
      spdlog::warn("fault reason of session {} on {}: reading {} failed: {}", bricks.front()->sessionId,
                   gluster::printableValue(host), gluster::printableValue(path), e.what());
    }
  }

  if (!records.empty() || !toClear.empty()) {
    api::DbLease lease = database_.lease(kLeaseWait);
    soci::session& sql = lease.sql();
    soci::transaction tx(sql);
    for (const auto* c : toClear) dao.clear(sql, c->sessionId, c->brickId);
    for (const auto& r : records) dao.upsert(sql, r);
    tx.commit();
    report.cleared = toClear.size();
    report.recorded = records.size();
  }

  // Reasons of this cycle's georep.brick.faulty events: just read, or known from an earlier read.
  std::map<std::tuple<std::int64_t, std::string, std::string>, const dao::BrickFaultRecord*> reasons;
  for (const auto& c : candidates) {
    if (c.fault && !recovered(c.workerStatus)) reasons[{c.sessionId, c.host, c.path}] = &*c.fault;
  }
  for (const auto& [group, bricks] : toRead) {
    for (const auto* c : bricks) {
      for (const auto& r : records) {
        if (r.sessionId == c->sessionId && r.brickId == c->brickId) reasons[{c->sessionId, c->host, c->path}] = &r;
      }
    }
  }
  for (api::Event& e : events) {
    if (e.name != kEventBrickFaulty) continue;
    const auto sid = e.body.value("session_id", std::int64_t{0});
    const auto it = reasons.find({sid, e.body.value("host", std::string()), e.body.value("path", std::string())});
    if (it != reasons.end()) e.body["reason"] = commands::brickFaultJson(*it->second);
  }
  return report;
}

}  // namespace georep::sync
