#include "engine/src/http/reply_format.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace georep::engine {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// The q of a range's parameters ("; q=0.5"); 1 when absent, -1 when malformed (the range is ignored).
double qualityOf(std::string_view params) {
  double q = 1.0;
  while (!params.empty()) {
    const auto semi = params.find(';');
    const std::string_view param = trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
    if (param.size() < 2 || std::tolower(static_cast<unsigned char>(param[0])) != 'q' || param[1] != '=') continue;
    const std::string value(trim(param.substr(2)));
    if (value.empty() || value.size() > 5 || !(value[0] == '0' || value[0] == '1')) return -1;
    try {
      std::size_t used = 0;
      q = std::stod(value, &used);
      if (used != value.size() || q < 0 || q > 1) return -1;
    } catch (const std::exception&) {
      return -1;
    }
  }
  return q;
}

struct Match {
  double q = -1;        // -1: no range matched
  int specificity = 0;  // 2 exact type, 1 type/*, 0 */*
  void offer(double quality, int spec) {
    if (spec > specificity || q < 0) {
      q = quality;
      specificity = spec;
    } else if (spec == specificity) {
      q = std::max(q, quality);
    }
  }
};

}  // namespace

std::optional<ReplyFormat> negotiateReplyFormat(std::string_view accept) {
  if (trim(accept).empty()) return ReplyFormat::kJson;
  Match json;
  Match xml;
  while (!accept.empty()) {
    const auto comma = accept.find(',');
    const std::string_view item = accept.substr(0, comma);
    accept = comma == std::string_view::npos ? std::string_view{} : accept.substr(comma + 1);
    const auto semi = item.find(';');
    const std::string range = lower(trim(item.substr(0, semi)));
    const double q = qualityOf(semi == std::string_view::npos ? std::string_view{} : item.substr(semi + 1));
    if (range.empty() || q < 0) continue;
    if (range == "application/json") json.offer(q, 2);
    if (range == "application/xml" || range == "text/xml") xml.offer(q, 2);
    if (range == "application/*") {
      json.offer(q, 1);
      xml.offer(q, 1);
    }
    if (range == "text/*") xml.offer(q, 1);
    if (range == "*/*") {
      json.offer(q, 0);
      xml.offer(q, 0);
    }
  }
  const double jq = std::max(json.q, 0.0);
  const double xq = std::max(xml.q, 0.0);
  if (jq <= 0 && xq <= 0) return std::nullopt;
  if (xq > jq) return ReplyFormat::kXml;
  if (jq > xq) return ReplyFormat::kJson;
  return xml.specificity > json.specificity ? ReplyFormat::kXml : ReplyFormat::kJson;
}

std::string_view contentTypeOf(ReplyFormat format) {
  return format == ReplyFormat::kXml ? "application/xml; charset=utf-8" : "application/json";
}

}  // namespace georep::engine
