// QuietWindows: keeps the engine's own glusterd calls away from a cluster while a glusterd hook runs.
// GlusterFS 10.3 wedges when CLI operations reach glusterd while the gsync-create post hook of a
// `create push-pem` runs its own `gluster system:: copy file` / `execute add_secret_pub` / `volume set`:
// the hook's calls and ours then all time out (3 x 120 s) and glusterd answers nobody for about six minutes
// (README, "GlusterFS traps"). The session create command holds the cluster's window from before it sends
// `create push-pem` until the hook has ended; every ClusterGateway call on that cluster from another thread
// (the sync job's status reads, other commands, DR steps) waits at enter() until the window is released.
// A window is only taken once the calls already in flight on the cluster have returned.
// The holder's own thread passes through its window (it checks for the hook over the same gateway), and
// may take it again (nested holds: the window ends with the outermost).
// Every session action (commands/session_readback.h sendAction: create, start, stop, pause, resume, config
// set/reset, delete) also holds its cluster's window while glusterd runs it: glusterd takes a cluster-wide
// lock per transaction and refuses a second one ("Another transaction is in progress"; an --xml status
// refused so prints only "geo-replication command failed"), so without it the engine's own sync reads made
// its actions fail under load (chaos NodeFailure, 12-01). The read-back after an action is outside the
// window: a read refused as busy there is read again (commands/session_readback.h).
// Both waits are bounded: a call waits at most maxCallWait and then goes ahead (logged), so a holder that
// never released could not stop the engine for good.
// Thread-safety: every method may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace georep::gluster {

class QuietWindows {
 public:
  explicit QuietWindows(std::chrono::milliseconds maxCallWait = std::chrono::minutes(6));
  QuietWindows(const QuietWindows&) = delete;
  QuietWindows& operator=(const QuietWindows&) = delete;

  // A gateway call in flight on a cluster (Call) or a held window (Hold); ends when destroyed.
  class Ticket {
   public:
    Ticket(Ticket&& other) noexcept;
    Ticket& operator=(Ticket&&) = delete;
    ~Ticket();

   private:
    friend class QuietWindows;
    using End = void (QuietWindows::*)(std::int64_t);
    Ticket(QuietWindows* owner, std::int64_t clusterId, End end) : owner_(owner), clusterId_(clusterId), end_(end) {}
    QuietWindows* owner_;
    std::int64_t clusterId_;
    End end_;
  };
  using Call = Ticket;
  using Hold = Ticket;

  // Waits (at most maxCallWait) while another thread holds the cluster's window, then counts the call.
  Call enter(std::int64_t clusterId);
  // Waits for another thread's window on the cluster to end and for the calls in flight to return (each at
  // most inFlightWait; a call still running then is left to finish), then holds the window.
  Hold hold(std::int64_t clusterId, std::chrono::milliseconds inFlightWait);
  // Whether a thread holds the cluster's window now.
  bool held(std::int64_t clusterId) const;

 private:
  struct State {
    int inFlight = 0;
    std::optional<std::thread::id> holder;
    int depth = 0;  // holds taken by the holder's thread; the window ends when the last one is released
  };
  void leave(std::int64_t clusterId);
  void release(std::int64_t clusterId);

  const std::chrono::milliseconds maxCallWait_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::int64_t, State> states_;
};

}  // namespace georep::gluster
