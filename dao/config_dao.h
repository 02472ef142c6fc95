// ConfigDao: a session's geo-replication config as glusterd lists it (georep_session_config): every key
// with its value and whether it is the default. is_default is true when the value equals the catalog's
// fixed default (gluster::configDefault), and also for keys without a fixed default (paths and names
// glusterd derives per session, keys missing from the catalog): those cannot be told apart from a value
// set by an operator, and treating them as set would flag every session as customised.
// Every method runs on the caller's soci::session and opens no transaction of its own.
// Thread-safety: stateless; safe to share between threads (each thread uses its own session).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dao/records.h"
#include "gluster/model.h"

namespace soci {
class session;
}

namespace georep::dao {

class ConfigDao {
 public:
  // Makes the stored config exactly `config` (keys in underscore form, as glusterd lists them): upserts
  // every key and removes keys no longer listed.
  void replaceAll(soci::session& sql, std::int64_t sessionId, const gluster::ConfigMap& config) const;

  // Sorted by key.
  std::vector<ConfigEntry> list(soci::session& sql, std::int64_t sessionId) const;
  std::optional<ConfigEntry> find(soci::session& sql, std::int64_t sessionId, const std::string& key) const;

  // The is_default rule above.
  static bool isDefault(const std::string& key, const std::string& value);
};

}  // namespace georep::dao
