// PrometheusTextWriter (engine/src/metrics/prometheus_text_writer.h).
#include "engine/src/metrics/prometheus_text_writer.h"

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <system_error>

namespace georep::engine {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool isAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view typeName(api::MetricType type) {
  switch (type) {
    case api::MetricType::kGauge: return "gauge";
    case api::MetricType::kCounter: return "counter";
    case api::MetricType::kHistogram: return "histogram";
  }
  return "untyped";
}

// Length of the valid UTF-8 sequence at text[i], or 0 when it is not one (overlong forms, surrogates and
// code points above U+10FFFF included).
std::size_t utf8SequenceLength(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  std::uint32_t code = 0;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code = lead & 0x07;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(i + k) & 0x3F);
  }
  if ((length == 3 && code < 0x800) || (length == 4 && code < 0x10000) || code > 0x10FFFF ||
      (code >= 0xD800 && code <= 0xDFFF))
    return 0;
  return length;
}

// Escapes `text` for a label value (quote = true) or a help text (quote = false).
void appendEscaped(std::string& out, std::string_view text, bool quote) {
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote) {
      out += "\\\"";
    } else if (static_cast<unsigned char>(c) < 0x80) {
      out += c;
    } else {
      const std::size_t length = utf8SequenceLength(text, i);
      if (length == 0) {
        out += kReplacement;
        ++i;
        continue;
      }
      out.append(text.substr(i, length));
      i += length;
      continue;
    }
    ++i;
  }
}

void checkLabels(std::span<const api::MetricLabel> labels) {
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const std::string_view name = labels[i].name;
    if (!isValidLabelName(name) || name == "le")
      throw std::invalid_argument("invalid label name '" + std::string(name) + "'");
    for (std::size_t k = 0; k < i; ++k) {
      if (labels[k].name == name) throw std::invalid_argument("label '" + std::string(name) + "' given twice");
    }
  }
}

}  // namespace

bool isValidMetricName(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool ok = isAsciiLetter(c) || c == '_' || c == ':' || (i > 0 && isDigit(c));
    if (!ok) return false;
  }
  return true;
}

bool isValidLabelName(std::string_view name) {
  if (name.empty() || name.substr(0, 2) == "__") return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (!(isAsciiLetter(c) || c == '_' || (i > 0 && isDigit(c)))) return false;
  }
  return true;
}

void appendEscapedLabelValue(std::string& out, std::string_view value) { appendEscaped(out, value, true); }

void appendMetricValue(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
    return;
  }
  if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
    return;
  }
  char buffer[64];
  // Whole numbers of a counter's range print as integers (no exponent), the rest in shortest form.
  if (value == std::trunc(value) && std::fabs(value) < 1e15) {
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(value));
    out.append(buffer, end);
    return;
  }
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
}

void PrometheusTextWriter::family(std::string_view name, api::MetricType type, std::string_view help) {
  if (!isValidMetricName(name)) throw std::invalid_argument("invalid metric name '" + std::string(name) + "'");
  if (type == api::MetricType::kCounter && (name.size() < 6 || name.substr(name.size() - 6) != "_total"))
    throw std::invalid_argument("counter '" + std::string(name) + "' must end in _total");
  std::string key(name);
  if (families_.count(key)) throw std::invalid_argument("metric family '" + key + "' written twice");
  out_ += "# HELP ";
  out_ += name;
  out_ += ' ';
  appendEscaped(out_, help, false);
  out_ += "\n# TYPE ";
  out_ += name;
  out_ += ' ';
  out_ += typeName(type);
  out_ += '\n';
  families_.insert(key);
  familyOrder_.push_back(key);
  current_ = std::move(key);
  currentType_ = type;
}

void PrometheusTextWriter::requireFamily(api::MetricType type, const char* what) const {
  if (current_.empty()) throw std::invalid_argument(std::string(what) + " before any family");
  if (type != currentType_)
    throw std::invalid_argument(std::string(what) + " in family '" + current_ + "' of type " +
                                std::string(typeName(currentType_)));
}

void PrometheusTextWriter::appendSeries(std::string_view suffix, std::span<const api::MetricLabel> labels,
                                        std::optional<double> le, double value) {
  out_ += current_;
  out_ += suffix;
  if (!labels.empty() || le) {
    out_ += '{';
    bool first = true;
    for (const auto& label : labels) {
      if (!first) out_ += ',';
      first = false;
      out_ += label.name;
      out_ += "=\"";
      appendEscapedLabelValue(out_, label.value);
      out_ += '"';
    }
    if (le) {
      if (!first) out_ += ',';
      out_ += "le=\"";
      appendMetricValue(out_, *le);
      out_ += '"';
    }
    out_ += '}';
  }
  out_ += ' ';
  appendMetricValue(out_, value);
  out_ += '\n';
}

void PrometheusTextWriter::sample(std::span<const api::MetricLabel> labels, double value) {
  if (current_.empty()) throw std::invalid_argument("sample before any family");
  if (currentType_ == api::MetricType::kHistogram)
    throw std::invalid_argument("plain sample in histogram family '" + current_ + "'");
  checkLabels(labels);
  appendSeries({}, labels, std::nullopt, value);
}

void PrometheusTextWriter::histogram(std::span<const api::MetricLabel> labels, std::span<const double> upperBounds,
                                     std::span<const std::uint64_t> cumulativeCounts, double sum,
                                     std::uint64_t count) {
  requireFamily(api::MetricType::kHistogram, "histogram");
  checkLabels(labels);
  if (upperBounds.size() != cumulativeCounts.size())
    throw std::invalid_argument("histogram '" + current_ + "': as many counts as bounds are needed");
  for (std::size_t i = 0; i < upperBounds.size(); ++i) {
    if (!std::isfinite(upperBounds[i]) || (i > 0 && upperBounds[i] <= upperBounds[i - 1]))
      throw std::invalid_argument("histogram '" + current_ + "': bounds must be finite and ascending");
    if ((i > 0 && cumulativeCounts[i] < cumulativeCounts[i - 1]) || cumulativeCounts[i] > count)
      throw std::invalid_argument("histogram '" + current_ + "': counts must be cumulative and <= count");
  }
  for (std::size_t i = 0; i < upperBounds.size(); ++i)
    appendSeries("_bucket", labels, upperBounds[i], static_cast<double>(cumulativeCounts[i]));
  appendSeries("_bucket", labels, HUGE_VAL, static_cast<double>(count));
  appendSeries("_sum", labels, std::nullopt, sum);
  appendSeries("_count", labels, std::nullopt, static_cast<double>(count));
}

void PrometheusTextWriter::rollback(const Checkpoint& mark) {
  out_.resize(mark.bytes);
  while (familyOrder_.size() > mark.families) {
    families_.erase(familyOrder_.back());
    familyOrder_.pop_back();
  }
  current_.clear();
}

}  // namespace georep::engine
