// PrometheusTextWriter: api::MetricsWriter that appends the Prometheus text exposition format (0.0.4)
// to a string: `# HELP` / `# TYPE` lines per family, one line per sample, histograms as cumulative
// `_bucket{le=..}` lines ending with `le="+Inf"`, then `_sum` and `_count`. Label values are escaped
// (\\, \", \n) and help texts too (\\, \n); invalid UTF-8 becomes U+FFFD. Numbers are written in their
// shortest exact form (integers without exponent), NaN and infinities as NaN, +Inf, -Inf.
// Everything it is given is checked (see engine/api/metrics.h): a violation throws std::invalid_argument
// before anything of the offending call is written. checkpoint()/rollback() let the registry drop a
// failing collector's whole output.
// Thread-safety: none; one writer per scrape, on one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "engine/api/metrics.h"

namespace georep::engine {

class PrometheusTextWriter : public api::MetricsWriter {
 public:
  // The media type of what it writes, for the Content-Type header.
  static constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

  explicit PrometheusTextWriter(std::string& out) : out_(out) {}

  void family(std::string_view name, api::MetricType type, std::string_view help) override;
  void sample(std::span<const api::MetricLabel> labels, double value) override;
  void histogram(std::span<const api::MetricLabel> labels, std::span<const double> upperBounds,
                 std::span<const std::uint64_t> cumulativeCounts, double sum, std::uint64_t count) override;

  struct Checkpoint {
    std::size_t bytes = 0;
    std::size_t families = 0;
  };
  Checkpoint checkpoint() const { return Checkpoint{out_.size(), familyOrder_.size()}; }
  // Forgets everything written since `mark` (text and family names).
  void rollback(const Checkpoint& mark);

 private:
  void requireFamily(api::MetricType type, const char* what) const;
  void appendSeries(std::string_view suffix, std::span<const api::MetricLabel> labels,
                    std::optional<double> le, double value);

  std::string& out_;
  std::vector<std::string> familyOrder_;
  std::unordered_set<std::string> families_;
  std::string current_;  // name of the current family; empty before the first
  api::MetricType currentType_ = api::MetricType::kGauge;
};

// The shared pieces, exposed for tests.
bool isValidMetricName(std::string_view name);
bool isValidLabelName(std::string_view name);
void appendEscapedLabelValue(std::string& out, std::string_view value);
void appendMetricValue(std::string& out, double value);

}  // namespace georep::engine
