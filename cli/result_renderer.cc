#include "cli/result_renderer.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <cctype>
#include <vector>

#include "cli/eligibility_renderer.h"
#include "cli/text_table.h"

namespace georep::cli {
namespace {

using nlohmann::json;

bool isArrayOfObjects(const json& value) {
  return value.is_array() && !value.empty() &&
         std::all_of(value.begin(), value.end(), [](const json& v) { return v.is_object(); });
}

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
  return text;
}

// JSON objects come back with their keys sorted; these identifying keys are shown first instead.
constexpr std::array<std::string_view, 4> kLeadingKeys = {"id", "name", "cluster", "address"};

std::vector<std::string> orderedKeys(std::vector<std::string> keys) {
  std::stable_partition(keys.begin(), keys.end(), [](const std::string& k) {
    return std::find(kLeadingKeys.begin(), kLeadingKeys.end(), k) != kLeadingKeys.end();
  });
  const auto leading = std::find_if(keys.begin(), keys.end(), [](const std::string& k) {
    return std::find(kLeadingKeys.begin(), kLeadingKeys.end(), k) == kLeadingKeys.end();
  });
  std::sort(keys.begin(), leading, [](const std::string& a, const std::string& b) {
    return std::find(kLeadingKeys.begin(), kLeadingKeys.end(), a) <
           std::find(kLeadingKeys.begin(), kLeadingKeys.end(), b);
  });
  return keys;
}

std::vector<std::string> objectKeys(const json& object) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.push_back(key);
  return orderedKeys(std::move(keys));
}

std::string renderObjectTable(const json& rows) {
  std::vector<std::string> columns;
  for (const auto& row : rows)
    for (const auto& [key, value] : row.items())
      if (std::find(columns.begin(), columns.end(), key) == columns.end()) columns.push_back(key);
  columns = orderedKeys(std::move(columns));
  std::vector<std::string> headers;
  for (const auto& c : columns) headers.push_back(upper(c));
  TextTable table(std::move(headers));
  for (const auto& row : rows) {
    std::vector<std::string> cells;
    for (const auto& c : columns) cells.push_back(row.contains(c) ? cellText(row[c]) : std::string());
    table.addRow(std::move(cells));
  }
  return table.render();
}

void flatten(const std::string& prefix, const json& object, TextTable& table) {
  for (const std::string& key : objectKeys(object)) {
    const json& value = object[key];
    const std::string name = prefix.empty() ? key : prefix + "." + key;
    if (value.is_object() && !value.empty()) {
      flatten(name, value, table);
    } else if (value.is_array() && !value.empty() &&
               std::none_of(value.begin(), value.end(), [](const json& v) { return v.is_structured(); })) {
      std::string joined;
      for (const auto& v : value) joined += (joined.empty() ? "" : ", ") + cellText(v);
      table.addRow({name, joined});
    } else {
      table.addRow({name, cellText(value)});
    }
  }
}

std::string renderObject(const json& object) {
  std::string out;
  TextTable scalars;
  std::vector<std::pair<std::string, const json*>> tables;
  for (const std::string& key : objectKeys(object)) {
    const json& value = object[key];
    if (isArrayOfObjects(value)) {
      tables.emplace_back(key, &value);
    } else {
      json single = json::object();
      single[key] = value;
      flatten("", single, scalars);
    }
  }
  out += scalars.render();
  for (const auto& [key, value] : tables) {
    if (!out.empty()) out += '\n';
    out += sanitizeForTerminal(key) + ":\n" + renderObjectTable(*value);
  }
  return out;
}

std::string paramConstraints(const json& p) {
  std::vector<std::string> parts;
  parts.push_back(p.value("type", "string"));
  if (p.value("required", false)) parts.push_back("required");
  if (p.contains("enum")) {
    std::string values;
    for (const auto& v : p["enum"]) values += (values.empty() ? "" : "|") + cellText(v);
    parts.push_back("one of " + values);
  }
  if (p.contains("minimum") || p.contains("maximum")) {
    parts.push_back((p.contains("minimum") ? p["minimum"].dump() : "") + ".." +
                    (p.contains("maximum") ? p["maximum"].dump() : ""));
  }
  if (p.contains("max_length")) parts.push_back("max " + p["max_length"].dump() + " chars");
  if (p.contains("default")) parts.push_back("default " + p["default"].dump());
  std::string text;
  for (const auto& part : parts) text += (text.empty() ? "" : ", ") + part;
  return text;
}

}  // namespace

std::string cellText(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string renderResult(const json& result) {
  if (isEligibilityReport(result)) return renderEligibility(result);
  if (result.is_object() && result.size() == 1) {
    const json& only = result.begin().value();
    if (only.is_array() && only.empty()) return "(no " + sanitizeForTerminal(result.begin().key()) + ")\n";
    if (isArrayOfObjects(only)) return renderObjectTable(only);
    if (only.is_object() && !only.empty()) return renderObject(only);
  }
  if (isArrayOfObjects(result)) return renderObjectTable(result);
  if (result.is_object()) return result.empty() ? "ok\n" : renderObject(result);
  if (result.is_array() && result.empty()) return "(none)\n";
  if (result.is_array()) {
    std::string out;
    for (const auto& v : result) out += sanitizeForTerminal(cellText(v)) + "\n";
    return out;
  }
  return sanitizeForTerminal(cellText(result)) + "\n";
}

std::string renderCommands(const json& reply) {
  const json commands = reply.value("commands", json::array());
  if (commands.empty()) return "(no commands registered)\n";
  std::string out;
  for (const auto& command : commands) {
    if (!out.empty()) out += '\n';
    out += sanitizeForTerminal(command.value("name", "?"));
    const std::string description = command.value("description", "");
    if (!description.empty()) out += "  " + sanitizeForTerminal(description);
    out += '\n';
    TextTable params({}, "    ");
    for (const auto& p : command.value("params", json::array()))
      params.addRow({p.value("name", "?"), paramConstraints(p), p.value("description", "")});
    out += params.rows() == 0 ? "    (no parameters)\n" : params.render();
  }
  return out;
}

std::string renderEvents(const json& events) {
  if (!events.is_array() || events.empty()) return "(no events)\n";
  TextTable table({"ID", "TIME", "SEVERITY", "NAME", "CORRELATION", "BODY"});
  for (const auto& e : events) {
    table.addRow({cellText(e.value("id", json())), cellText(e.value("time", json())),
                  cellText(e.value("severity", json())), cellText(e.value("name", json())),
                  cellText(e.value("correlation_id", json())), cellText(e.value("body", json()))});
  }
  return table.render();
}

std::string renderEventLine(const json& e) {
  std::string severity = cellText(e.value("severity", json()));
  if (severity.size() < 7) severity.append(7 - severity.size(), ' ');
  const std::string line = cellText(e.value("id", json())) + "  " + cellText(e.value("time", json())) + "  " +
                           severity + "  " + cellText(e.value("name", json())) + "  " +
                           cellText(e.value("correlation_id", json())) + "  " + cellText(e.value("body", json()));
  return sanitizeForTerminal(line) + "\n";
}

std::string renderError(const json& error, const json& correlationId) {
  std::string out = "error: " + sanitizeForTerminal(cellText(error.value("code", json("internal")))) + ": " +
                    sanitizeForTerminal(cellText(error.value("message", json("")))) + "\n";
  if (error.contains("field") && !cellText(error["field"]).empty())
    out += "  field: " + sanitizeForTerminal(cellText(error["field"])) + "\n";
  if (error.contains("details") && !error["details"].empty())
    out += "  details: " + sanitizeForTerminal(cellText(error["details"])) + "\n";
  if (correlationId.is_string() && !correlationId.get<std::string>().empty())
    out += "  correlation id: " + sanitizeForTerminal(correlationId.get<std::string>()) + "\n";
  return out;
}

}  // namespace georep::cli
