// The period of a scheduled job: its interval plus a uniform random jitter in [0, jitter].
// Thread-safety: pure function; the generator belongs to the caller.
#pragma once

#include <chrono>
#include <random>

namespace georep::engine {

inline std::chrono::milliseconds jitteredPeriod(std::chrono::milliseconds interval, std::chrono::milliseconds jitter,
                                                std::mt19937_64& rng) {
  if (jitter.count() <= 0) return interval;
  std::uniform_int_distribution<std::chrono::milliseconds::rep> extra(0, jitter.count());
  return interval + std::chrono::milliseconds(extra(rng));
}

}  // namespace georep::engine
