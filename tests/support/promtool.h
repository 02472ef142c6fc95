// promtool(): runs Prometheus's `promtool` (Debian package prometheus, installed by scripts/install-deps)
// for tests: `check metrics` on an exposition, `check rules` / `test rules` on files. A missing promtool
// gives exit code 127, which the callers turn into a failure (never a skip).
// Thread-safety: each call uses its own temporary file.
#pragma once

#include <string>
#include <vector>

namespace georep::testing {

struct PromtoolResult {
  int exitCode = -1;
  std::string output;  // stdout and stderr
};

// `promtool <args...>` with `stdinText` on its standard input.
PromtoolResult runPromtool(const std::vector<std::string>& args, const std::string& stdinText = {});

// `promtool check metrics` on an exposition document.
inline PromtoolResult promtoolCheckMetrics(const std::string& text) { return runPromtool({"check", "metrics"}, text); }

}  // namespace georep::testing
