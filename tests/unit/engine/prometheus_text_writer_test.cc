// PrometheusTextWriter and EngineMetricsRegistry: exact text for escaping, numbers, histograms and state
// sets; every document parsed back by `promtool check metrics` (Debian package prometheus, installed by
// scripts/install-deps; the test fails when promtool is missing); refusals of what Prometheus could not
// parse; a failing collector dropped whole while the others stay.
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "engine/src/metrics/engine_metrics.h"
#include "engine/src/metrics/metrics_registry.h"
#include "engine/src/metrics/prometheus_text_writer.h"
#include "support/promtool.h"

namespace georep::engine {
namespace {

using api::MetricLabel;
using api::MetricType;

void expectPromtoolAccepts(const std::string& text) {
  const testing::PromtoolResult r = testing::promtoolCheckMetrics(text);
  ASSERT_NE(r.exitCode, 127) << "promtool not found: install the Debian package prometheus (scripts/install-deps)";
  EXPECT_EQ(r.exitCode, 0) << "promtool check metrics refused:\n" << r.output << "\n--- document:\n" << text;
}

TEST(PrometheusTextWriter, EscapesLabelValuesAndHelp) {
  std::string out;
  PrometheusTextWriter w(out);
  w.family("georep_test_info", MetricType::kGauge, "Help with a backslash \\ and\na newline.");
  const std::array<MetricLabel, 2> labels{MetricLabel{"path", "/b\"r\\i\nck"}, MetricLabel{"name", "été ✓"}};
  w.sample(labels, 1);
  EXPECT_EQ(out,
            "# HELP georep_test_info Help with a backslash \\\\ and\\na newline.\n"
            "# TYPE georep_test_info gauge\n"
            "georep_test_info{path=\"/b\\\"r\\\\i\\nck\",name=\"été ✓\"} 1\n");
  expectPromtoolAccepts(out);
}

TEST(PrometheusTextWriter, InvalidUtf8BecomesReplacementCharacter) {
  std::string out;
  PrometheusTextWriter w(out);
  w.family("georep_test_info", MetricType::kGauge, "x");
  const std::string broken = std::string("a\xff") + "b\xc3" + "\xe0\x80\x80" + "\xed\xa0\x80";  // bad, cut, overlong, surrogate
  const std::array<MetricLabel, 1> labels{MetricLabel{"v", broken}};
  w.sample(labels, 1);
  EXPECT_NE(out.find("v=\"a\xEF\xBF\xBD" "b\xEF\xBF\xBD"), std::string::npos) << out;
  EXPECT_EQ(out.find('\xff'), std::string::npos);
  expectPromtoolAccepts(out);
}

TEST(PrometheusTextWriter, NumbersInShortestExactForm) {
  std::string out;
  appendMetricValue(out, 1700000000);
  out += ' ';
  appendMetricValue(out, 0.1);
  out += ' ';
  appendMetricValue(out, -2.5);
  out += ' ';
  appendMetricValue(out, 1e300);
  out += ' ';
  appendMetricValue(out, std::nan(""));
  out += ' ';
  appendMetricValue(out, HUGE_VAL);
  out += ' ';
  appendMetricValue(out, -HUGE_VAL);
  EXPECT_EQ(out, "1700000000 0.1 -2.5 1e+300 NaN +Inf -Inf");
}

TEST(PrometheusTextWriter, HistogramHasCumulativeBucketsInfSumAndCount) {
  std::string out;
  PrometheusTextWriter w(out);
  w.family("georep_test_seconds", MetricType::kHistogram, "Durations.");
  const std::array<MetricLabel, 1> labels{MetricLabel{"cluster", "lab"}};
  const std::array<double, 3> bounds{0.05, 0.5, 5};
  const std::array<std::uint64_t, 3> counts{1, 3, 3};
  w.histogram(labels, bounds, counts, 4.25, 4);
  EXPECT_EQ(out,
            "# HELP georep_test_seconds Durations.\n"
            "# TYPE georep_test_seconds histogram\n"
            "georep_test_seconds_bucket{cluster=\"lab\",le=\"0.05\"} 1\n"
            "georep_test_seconds_bucket{cluster=\"lab\",le=\"0.5\"} 3\n"
            "georep_test_seconds_bucket{cluster=\"lab\",le=\"5\"} 3\n"
            "georep_test_seconds_bucket{cluster=\"lab\",le=\"+Inf\"} 4\n"
            "georep_test_seconds_sum{cluster=\"lab\"} 4.25\n"
            "georep_test_seconds_count{cluster=\"lab\"} 4\n");
  expectPromtoolAccepts(out);
}

TEST(PrometheusTextWriter, StateSetMarksOnlyTheCurrentState) {
  std::string out;
  PrometheusTextWriter w(out);
  w.family("georep_test_status", MetricType::kGauge, "A state set.");
  const std::array<MetricLabel, 1> labels{MetricLabel{"volume", "v"}};
  const std::array<std::string_view, 3> states{"ACTIVE", "FAULTY", "STOPPED"};
  w.stateSet(labels, "status", states, "FAULTY");
  EXPECT_EQ(out,
            "# HELP georep_test_status A state set.\n"
            "# TYPE georep_test_status gauge\n"
            "georep_test_status{volume=\"v\",status=\"ACTIVE\"} 0\n"
            "georep_test_status{volume=\"v\",status=\"FAULTY\"} 1\n"
            "georep_test_status{volume=\"v\",status=\"STOPPED\"} 0\n");
  expectPromtoolAccepts(out);
}

TEST(PrometheusTextWriter, RefusesWhatPrometheusCouldNotParse) {
  std::string out;
  PrometheusTextWriter w(out);
  EXPECT_THROW(w.sample({}, 1), std::invalid_argument);  // no family yet
  EXPECT_THROW(w.family("9lives", MetricType::kGauge, "x"), std::invalid_argument);
  EXPECT_THROW(w.family("has-dash", MetricType::kGauge, "x"), std::invalid_argument);
  EXPECT_THROW(w.family("georep_calls", MetricType::kCounter, "x"), std::invalid_argument);  // no _total
  w.family("georep_ok", MetricType::kGauge, "x");
  EXPECT_THROW(w.family("georep_ok", MetricType::kGauge, "again"), std::invalid_argument);
  for (const std::string_view bad : {"", "__reserved", "le", "a-b", "1a"}) {
    const std::array<MetricLabel, 1> labels{MetricLabel{bad, "v"}};
    EXPECT_THROW(w.sample(labels, 1), std::invalid_argument) << bad;
  }
  const std::array<MetricLabel, 2> twice{MetricLabel{"a", "1"}, MetricLabel{"a", "2"}};
  EXPECT_THROW(w.sample(twice, 1), std::invalid_argument);
  const std::array<double, 1> bound{1};
  const std::array<std::uint64_t, 1> count{1};
  EXPECT_THROW(w.histogram({}, bound, count, 1, 1), std::invalid_argument);  // gauge family
  w.family("georep_h", MetricType::kHistogram, "x");
  EXPECT_THROW(w.sample({}, 1), std::invalid_argument);
  const std::array<double, 2> descending{2, 1};
  const std::array<std::uint64_t, 2> two{0, 1};
  EXPECT_THROW(w.histogram({}, descending, two, 1, 1), std::invalid_argument);
  const std::array<double, 2> ascending{1, 2};
  const std::array<std::uint64_t, 2> decreasing{2, 1};
  EXPECT_THROW(w.histogram({}, ascending, decreasing, 1, 2), std::invalid_argument);
  EXPECT_THROW(w.histogram({}, ascending, two, 1, 0), std::invalid_argument);  // bucket above count
  // Nothing of the refused calls was written: the document is still valid.
  expectPromtoolAccepts(out);
}

TEST(PrometheusTextWriter, PromtoolRejectsWhatTheWriterWouldNeverWrite) {
  // The check itself can fail: an unescaped quote and a counter without HELP are refused.
  EXPECT_NE(testing::promtoolCheckMetrics("# TYPE x gauge\nx{a=\"b\"c\"} 1\n").exitCode, 0);
  EXPECT_NE(testing::promtoolCheckMetrics("# TYPE c counter\nc 1\n").exitCode, 0);
}

TEST(EngineMetricsRegistry, FailingCollectorIsDroppedWholeOthersKept) {
  EngineMetricsRegistry registry;
  auto engine = registerEngineMetrics(registry, "1.2.3", std::chrono::system_clock::time_point(std::chrono::seconds(1700000000)));
  auto broken = registry.registerCollector("broken", [](api::MetricsWriter& w) {
    w.family("georep_half_written", MetricType::kGauge, "x");
    w.sample({}, 1);
    throw std::runtime_error("boom");
  });
  auto repeats = registry.registerCollector("repeats", [](api::MetricsWriter& w) {
    w.family("georep_up", MetricType::kGauge, "already written by the engine");
  });
  auto good = registry.registerCollector("good", [](api::MetricsWriter& w) {
    w.family("georep_good", MetricType::kGauge, "x");
    w.sample({}, 2);
  });
  const std::string text = registry.render();
  EXPECT_NE(text.find("georep_build_info{version=\"1.2.3\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("georep_up 1\n"), std::string::npos);
  EXPECT_NE(text.find("georep_engine_start_time_seconds 1700000000\n"), std::string::npos);
  EXPECT_EQ(text.find("georep_half_written"), std::string::npos);
  EXPECT_EQ(text.find("already written"), std::string::npos);
  EXPECT_NE(text.find("georep_good 2\n"), std::string::npos);
  EXPECT_EQ(registry.collectorFailures(), 2u);
  expectPromtoolAccepts(text);
  EXPECT_NE(registry.render().find("georep_metrics_collector_failures_total 2\n"), std::string::npos);

  broken.reset();
  repeats.reset();
  good.reset();
  const std::string after = registry.render();
  EXPECT_EQ(after.find("georep_good"), std::string::npos);
  EXPECT_NE(after.find("georep_metrics_collector_failures_total 4\n"), std::string::npos) << after;
}

}  // namespace
}  // namespace georep::engine
