// SecondaryVolumeLock: serializes the creations of sessions that write to one secondary volume name,
// whatever their master, on the create command's own connection (the one its pair lock leased): taken
// before the eligibility check reads which sessions already use the volume, released (RAII) after the
// new session is committed, so two creates from different masters cannot both find it unused. Keyed by the
// volume name only (host names of one cluster vary): same-named secondaries of different clusters are
// merely serialized. Waits at most the given bound, then LockBusy (commands: conflict).
// Thread-safety: belongs to the thread that holds the connection.
#pragma once

#include <chrono>
#include <string>

namespace soci {
class session;
}

namespace georep::dao {

class SecondaryVolumeLock {
 public:
  SecondaryVolumeLock(soci::session& sql, const std::string& secondaryVolume, std::chrono::milliseconds wait);
  ~SecondaryVolumeLock();
  SecondaryVolumeLock(SecondaryVolumeLock&& other) noexcept;
  SecondaryVolumeLock& operator=(SecondaryVolumeLock&&) = delete;
  SecondaryVolumeLock(const SecondaryVolumeLock&) = delete;
  SecondaryVolumeLock& operator=(const SecondaryVolumeLock&) = delete;

 private:
  soci::session* sql_;  // null once moved from
  int obj_ = 0;
  std::string what_;
};

}  // namespace georep::dao
