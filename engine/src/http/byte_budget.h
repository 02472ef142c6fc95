// ByteBudget: a shared allowance of bytes (here: request bodies held in memory by all connections at
// once), so thousands of connections each sending a body just under the per-request limit cannot exhaust
// memory. A connection reserves its declared body size (or the per-request limit when the size is not
// declared) before reading the body and holds the Reservation until the request is answered.
// Thread-safety: tryReserve() and the Reservation destructor may run on any thread (atomic counter).
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>

namespace georep::engine {

class ByteBudget {
 public:
  class Reservation {
   public:
    Reservation(ByteBudget& budget, std::size_t bytes) : budget_(budget), bytes_(bytes) {}
    ~Reservation() { budget_.used_ -= bytes_; }
    Reservation(const Reservation&) = delete;
    Reservation& operator=(const Reservation&) = delete;

   private:
    ByteBudget& budget_;
    std::size_t bytes_;
  };

  explicit ByteBudget(std::size_t capacity) : capacity_(capacity) {}

  // A reservation of bytes, or null when the budget cannot hold them now.
  std::unique_ptr<Reservation> tryReserve(std::size_t bytes) {
    std::size_t used = used_.load();
    do {
      if (bytes > capacity_ || used > capacity_ - bytes) return nullptr;
    } while (!used_.compare_exchange_weak(used, used + bytes));
    return std::make_unique<Reservation>(*this, bytes);
  }

  std::size_t used() const { return used_.load(); }

 private:
  const std::size_t capacity_;
  std::atomic<std::size_t> used_{0};
};

}  // namespace georep::engine
