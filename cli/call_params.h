// How `georepctl call <command> key=value ...` turns its arguments into the JSON parameters object:
//   key=value     integers, true/false and JSON arrays/objects become JSON; everything else a string
//   key="value"   surrounding double quotes force a string: id='"42"' sends "42", not 42
//   key:=json     the value is parsed as JSON whatever it is: ratio:=0.5, tags:='["a"]', x:=null
// Keys are letters, digits, '_', '.' and '-'; a key given twice is an error.
// Thread-safety: pure functions.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace georep::cli {

// A malformed argument; the message names it.
class CallParamError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// The value of key=value (not key:=json) as the inference rule above reads it.
nlohmann::json inferParamValue(std::string_view key, std::string_view text);

// Every key=value / key:=json argument, as one JSON object.
nlohmann::json parseCallParams(const std::vector<std::string>& args);

}  // namespace georep::cli
