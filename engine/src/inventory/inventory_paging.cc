#include "engine/src/inventory/inventory_paging.h"

#include <algorithm>

namespace georep::engine {

std::vector<api::ParamSpec> pagingParams(const std::string& keyName) {
  api::ParamSpec limit;
  limit.name = "limit";
  limit.type = api::ParamType::kInteger;
  limit.minimum = 1;
  limit.maximum = 1000;
  limit.description = "at most this many entries (a page)";
  api::ParamSpec after;
  after.name = "after";
  after.maxLength = 253;
  after.description = "only the entries whose " + keyName + " sorts after this one (the last of the previous page)";
  api::ParamSpec total;
  total.name = "with_total";
  total.type = api::ParamType::kBoolean;
  total.defaultValue = false;
  total.description = "also return `total`, how many entries match whatever the page (the REST collections set it)";
  return {std::move(limit), std::move(after), std::move(total)};
}

nlohmann::json pageOf(nlohmann::json entries, const std::string& keyField, const std::string& collection,
                      const nlohmann::json& params) {
  const auto key = [&](const nlohmann::json& e) { return e.at(keyField).get<std::string>(); };
  const auto afterIt = params.find("after");
  const auto limitIt = params.find("limit");
  // A page is cut in key order; a whole listing keeps the inventory's order.
  if (afterIt != params.end() || limitIt != params.end())
    std::sort(entries.begin(), entries.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
  const std::size_t total = entries.size();
  std::size_t limit = total;
  if (limitIt != params.end() && limitIt->is_number_integer()) limit = limitIt->get<std::size_t>();
  nlohmann::json page = nlohmann::json::array();
  for (auto& e : entries) {
    if (page.size() >= limit) break;
    if (afterIt != params.end() && afterIt->is_string() && key(e) <= afterIt->get<std::string>()) continue;
    page.push_back(std::move(e));
  }
  nlohmann::json out{{collection, std::move(page)}};
  if (params.value("with_total", false)) out["total"] = total;
  return out;
}

}  // namespace georep::engine
