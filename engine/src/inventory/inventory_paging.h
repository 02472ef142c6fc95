// Paging of the inventory's collections (cluster.list, host.list): the parameters the REST collections
// pass (`limit`, `after` = the last key of the previous page, `with_total`) and the page they select from
// the entries, ordered by their key. The inventory is small (clusters and their hosts), so the page is cut
// from the whole listing the command reads anyway.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/command_bus.h"

namespace georep::engine {

// limit (1..1000), after (a key), with_total (boolean); `keyName` names the key in the descriptions.
std::vector<api::ParamSpec> pagingParams(const std::string& keyName);

// {"<collection>": the entries with key > after, at most limit of them, in key order (without limit and after:
// all of them, in the order given); "total": how many entries there are whatever the page, when with_total}.
// `entries` is a JSON array of objects with `keyField`.
nlohmann::json pageOf(nlohmann::json entries, const std::string& keyField, const std::string& collection,
                      const nlohmann::json& params);

}  // namespace georep::engine
