#include "engine/src/events/nul_free.h"

#include <utility>
#include <vector>

namespace georep::engine {
namespace {

constexpr const char* kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

}  // namespace

void replaceNul(std::string& text) {
  for (std::size_t at = text.find('\0'); at != std::string::npos; at = text.find('\0', at + 3)) {
    text.replace(at, 1, kReplacement);
  }
}

void replaceNul(nlohmann::json& value) {
  // Iterative, so that a deep body cannot exhaust the stack.
  std::vector<nlohmann::json*> pending{&value};
  while (!pending.empty()) {
    nlohmann::json* v = pending.back();
    pending.pop_back();
    if (v->is_string()) {
      replaceNul(v->get_ref<std::string&>());
    } else if (v->is_array()) {
      for (auto& item : *v) pending.push_back(&item);
    } else if (v->is_object()) {
      std::vector<std::string> renamed;
      for (auto it = v->begin(); it != v->end(); ++it) {
        if (it.key().find('\0') != std::string::npos) renamed.push_back(it.key());
      }
      for (const auto& key : renamed) {
        std::string clean = key;
        replaceNul(clean);
        nlohmann::json moved = std::move((*v)[key]);
        v->erase(key);
        (*v)[clean] = std::move(moved);
      }
      for (auto& item : v->items()) pending.push_back(&item.value());
    }
  }
}

}  // namespace georep::engine
