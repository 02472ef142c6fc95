#include "engine/src/http/connection_limiter.h"

namespace georep::engine {

ConnectionLimiter::Slot::Slot(ConnectionLimiter& limiter, std::string address)
    : limiter_(limiter), address_(std::move(address)) {}

ConnectionLimiter::Slot::~Slot() { limiter_.release(address_); }

ConnectionLimiter::ConnectionLimiter(std::size_t maxTotal, std::size_t maxPerAddress)
    : maxTotal_(maxTotal), maxPerAddress_(maxPerAddress) {}

std::unique_ptr<ConnectionLimiter::Slot> ConnectionLimiter::tryAdmit(const std::string& address, Refusal& refusal) {
  std::lock_guard lock(mutex_);
  if (total_ >= maxTotal_) {
    refusal = Refusal::kTotal;
    return nullptr;
  }
  std::size_t& fromAddress = perAddress_[address];
  if (fromAddress >= maxPerAddress_) {
    refusal = Refusal::kPerAddress;
    return nullptr;
  }
  ++fromAddress;
  ++total_;
  refusal = Refusal::kNone;
  return std::make_unique<Slot>(*this, address);
}

std::size_t ConnectionLimiter::open() const {
  std::lock_guard lock(mutex_);
  return total_;
}

void ConnectionLimiter::release(const std::string& address) {
  std::lock_guard lock(mutex_);
  --total_;
  auto it = perAddress_.find(address);
  if (it != perAddress_.end() && --it->second == 0) perAddress_.erase(it);
}

}  // namespace georep::engine
