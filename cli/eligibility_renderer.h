// How georepctl shows the result of georep.session.eligibility (`session eligibility`): a heading naming the
// primary volume, the secondary host and its registered cluster, then one table row per reason of each
// candidate (VOLUME, CLUSTER, ELIGIBLE, BLOCKS, REASON, MESSAGE; the candidate's cells on its first row only),
// and a candidate without reason on one row. renderResult() (result_renderer.h) uses it for results of
// that shape.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace georep::cli {

// Whether `result` is an eligibility report ({master_volume, secondary_host, candidates: [...]}).
bool isEligibilityReport(const nlohmann::json& result);

std::string renderEligibility(const nlohmann::json& result);

}  // namespace georep::cli
