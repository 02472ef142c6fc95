// SessionDao: geo-replication sessions (georep_sessions): insert, find, list by cluster or master volume,
// update the aggregate status, delete (its per-brick details and config go with it, ON DELETE CASCADE).
// Every method runs on the caller's soci::session and opens no transaction of its own, so a caller
// composes several DAO calls in one soci::transaction.
// Thread-safety: stateless; safe to share between threads (each thread uses its own session).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dao/records.h"
#include "gluster/session_health.h"

namespace soci {
class session;
}

namespace georep::dao {

// What SessionDao::search selects; an empty/zero field does not filter.
struct SessionFilter {
  std::int64_t clusterId = 0;
  std::int64_t masterVolumeId = 0;
  std::string status;           // an aggregate status name ("FAULTY")
  std::string secondaryHost;
  std::string secondaryVolume;
  std::int64_t afterId = 0;     // paging: only sessions whose id is above it
  std::int64_t limit = 0;       // paging: at most this many; 0 = all
  bool countTotal = false;      // also count every match (SessionPage::total; one more query)
};

struct SessionPage {
  std::vector<SessionRecord> rows;  // ordered by id
  std::int64_t total = 0;           // how many match the filter, whatever the page (when counted)
};

class SessionDao {
 public:
  // Stores a session; returns its id. If a row with the same (master volume, session key) exists (e.g. the
  // sync job discovered the session first) it is updated instead and its id returned.
  std::int64_t insert(soci::session& sql, const NewSession& session) const;

  std::optional<SessionRecord> findById(soci::session& sql, std::int64_t id) const;
  // The session between a master volume and a secondary host/volume, whatever node created it.
  std::optional<SessionRecord> findByPair(soci::session& sql, std::int64_t masterVolumeId,
                                          const std::string& secondaryHost, const std::string& secondaryVolume) const;
  std::optional<SessionRecord> findByKey(soci::session& sql, std::int64_t masterVolumeId,
                                         const std::string& sessionKey) const;
  // Ordered by master volume name, secondary host, secondary volume.
  std::vector<SessionRecord> listAll(soci::session& sql) const;
  std::vector<SessionRecord> listByCluster(soci::session& sql, std::int64_t clusterId) const;
  std::vector<SessionRecord> listByVolume(soci::session& sql, std::int64_t masterVolumeId) const;
  // The sessions matching `filter`, one page of them in id order, and (countTotal) how many match in all
  // (one SQL count and one SQL select; the filtering and paging happen in the database).
  SessionPage search(soci::session& sql, const SessionFilter& filter) const;

  // Sets the aggregate status (and the raw worker states kept for UNKNOWN), resets missed_listings and
  // stamps updated_at. Returns false when the session does not exist.
  bool updateStatus(soci::session& sql, std::int64_t id, gluster::AggregateStatus status,
                    const std::string& rawWorkerStates) const;

  // Returns false when the session did not exist.
  bool remove(soci::session& sql, std::int64_t id) const;
};

}  // namespace georep::dao
