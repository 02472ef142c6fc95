// ConnectionLimiter: counts open connections, in total and per client address, and admits a new one only
// below both caps. An admitted connection holds a Slot; destroying the Slot releases its count.
// Thread-safety: tryAdmit() and the Slot destructor may run on any thread (one mutex).
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace georep::engine {

class ConnectionLimiter {
 public:
  enum class Refusal { kNone, kTotal, kPerAddress };

  class Slot {
   public:
    Slot(ConnectionLimiter& limiter, std::string address);
    ~Slot();
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

   private:
    ConnectionLimiter& limiter_;
    std::string address_;
  };

  ConnectionLimiter(std::size_t maxTotal, std::size_t maxPerAddress);

  // A slot for a connection from address, or null with the reason in refusal.
  std::unique_ptr<Slot> tryAdmit(const std::string& address, Refusal& refusal);

  std::size_t open() const;

 private:
  void release(const std::string& address);

  const std::size_t maxTotal_;
  const std::size_t maxPerAddress_;
  mutable std::mutex mutex_;
  std::size_t total_ = 0;
  std::map<std::string, std::size_t> perAddress_;
};

}  // namespace georep::engine
