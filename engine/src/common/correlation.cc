#include "engine/src/common/correlation.h"

#include <cstdint>
#include <random>
#include <utility>

namespace georep::engine {
namespace {

thread_local std::string tCurrent;
thread_local std::string tActor;

std::mt19937_64& generator() {
  thread_local std::mt19937_64 gen = [] {
    std::random_device rd;
    std::seed_seq seed{rd(), rd(), rd(), rd(), rd(), rd(), rd(), rd()};
    return std::mt19937_64(seed);
  }();
  return gen;
}

}  // namespace

std::string newCorrelationId() {
  std::uint64_t hi = generator()();
  std::uint64_t lo = generator()();
  hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // RFC 4122 variant
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) out += '-';
    const std::uint64_t word = i < 16 ? hi : lo;
    const int shift = 60 - 4 * (i % 16);
    out += kDigits[(word >> shift) & 0xf];
  }
  return out;
}

const std::string& currentCorrelationId() { return tCurrent; }

CorrelationScope::CorrelationScope(std::string id) : previous_(std::exchange(tCurrent, std::move(id))) {}

CorrelationScope::~CorrelationScope() { tCurrent = std::move(previous_); }

const std::string& currentActor() { return tActor; }

ActorScope::ActorScope(std::string actor) : previous_(std::exchange(tActor, std::move(actor))) {}

ActorScope::~ActorScope() { tActor = std::move(previous_); }

}  // namespace georep::engine
