#include "engine/src/auth/password_hasher.h"

#include <mutex>
#include <semaphore>
#include <stdexcept>

#include <sodium.h>

#include "engine/api/command_error.h"

namespace georep::engine::auth {
namespace {

constexpr unsigned long long kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr std::size_t kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

std::counting_semaphore<kMaxConcurrentHashes>& hashSlots() {
  static std::counting_semaphore<kMaxConcurrentHashes> slots(kMaxConcurrentHashes);
  return slots;
}

// Holds one hashing slot for its lifetime.
class HashSlot {
 public:
  HashSlot() {
    if (!hashSlots().try_acquire_for(kHashSlotWait)) {
      throw api::CommandError(api::ErrorCode::kUnavailable, "too many password checks at once; try again");
    }
  }
  ~HashSlot() { hashSlots().release(); }
  HashSlot(const HashSlot&) = delete;
  HashSlot& operator=(const HashSlot&) = delete;
};

const std::string& dummyHash() {
  static const std::string hash = [] {
    ensureSodium();
    char out[crypto_pwhash_STRBYTES];
    const char kDummy[] = "georep-dummy-password-for-unknown-users";
    if (crypto_pwhash_str(out, kDummy, sizeof kDummy - 1, kOpsLimit, kMemLimit) != 0) {
      throw std::runtime_error("password hashing failed (out of memory?)");
    }
    return std::string(out);
  }();
  return hash;
}

}  // namespace

void ensureSodium() {
  static const bool ready = [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium cannot be initialised");
    return true;
  }();
  (void)ready;
}

std::string hashPassword(std::string_view password) {
  ensureSodium();
  if (password.size() < kMinPasswordBytes) {
    throw api::invalidArgument("password", "the password must be at least " + std::to_string(kMinPasswordBytes) +
                                               " bytes long");
  }
  if (password.size() > kMaxPasswordBytes) {
    throw api::invalidArgument("password", "the password must be at most " + std::to_string(kMaxPasswordBytes) +
                                               " bytes long");
  }
  char out[crypto_pwhash_STRBYTES];
  HashSlot slot;
  if (crypto_pwhash_str(out, password.data(), password.size(), kOpsLimit, kMemLimit) != 0) {
    throw api::CommandError(api::ErrorCode::kUnavailable, "password hashing failed (out of memory)");
  }
  return std::string(out);
}

bool verifyPassword(const std::string& hash, std::string_view password) {
  ensureSodium();
  if (password.size() > kMaxPasswordBytes || hash.size() >= crypto_pwhash_STRBYTES) return false;
  HashSlot slot;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void prepareDummyHash() { (void)dummyHash(); }

void verifyDummy(std::string_view password) {
  const std::string& hash = dummyHash();
  if (password.size() > kMaxPasswordBytes) return;
  HashSlot slot;
  [[maybe_unused]] const int ignored = crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size());
}

}  // namespace georep::engine::auth
