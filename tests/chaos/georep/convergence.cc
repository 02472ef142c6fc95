#include "convergence.h"

#include <iomanip>
#include <iostream>
#include <sstream>

#include <pugixml.hpp>

namespace georep::testing::chaos {
namespace {

// "Initializing..." -> "Initializing" (the database's name of it).
std::string workerName(std::string s) {
  while (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

// session_secondary "ssh://[user@]10.213.77.21::mnsecondary:<secondary volume uuid>" -> "mnsecondary"
std::string secondaryVolumeOf(const std::string& url) {
  const auto pos = url.find("::");
  if (pos == std::string::npos) return url;
  const std::string rest = url.substr(pos + 2);
  return rest.substr(0, rest.find(':'));
}

}  // namespace

std::optional<SessionsView> parseGlusterStatus(const std::string& xml,
                                               const std::map<std::string, std::vector<std::string>>& bricksOf) {
  pugi::xml_document doc;
  if (!doc.load_string(xml.c_str())) return std::nullopt;
  const auto root = doc.child("cliOutput");
  if (!root || std::string(root.child_value("opRet")) != "0") return std::nullopt;
  SessionsView out;
  for (const auto& v : root.select_nodes("geoRep/volume")) {
    const std::string primary = v.node().child_value("name");
    for (const auto& s : v.node().select_nodes("sessions/session")) {
      const std::string secondary = secondaryVolumeOf(s.node().child_value("session_secondary"));
      SessionView& view = out[{primary, secondary}];
      view.primaryVolume = primary;
      view.secondaryVolume = secondary;
      view.rows = 1;
      for (const auto& p : s.node().select_nodes("pair"))
        view.workers[p.node().child_value("primary_brick")] = workerName(p.node().child_value("status"));
    }
  }
  for (auto& [key, view] : out) {
    const auto it = bricksOf.find(key.first);
    if (it == bricksOf.end()) continue;
    for (const auto& path : it->second)
      if (!view.workers.count(path)) view.workers[path] = "Offline";
  }
  return out;
}

SessionsView databaseSessions(e2e::SqlProbe& sql, const std::string& cluster) {
  SessionsView out;
  const auto sessions = sql.rows(
      "SELECT s.id, v.name, s.secondary_volume, s.status FROM georep_sessions s "
      "JOIN georep_volumes v ON v.id = s.master_volume_id JOIN clusters c ON c.id = s.cluster_id "
      "WHERE c.name = $1 ORDER BY s.id",
      {cluster});
  for (const auto& row : sessions) {
    SessionView& view = out[{row[1].value_or(""), row[2].value_or("")}];
    view.primaryVolume = row[1].value_or("");
    view.secondaryVolume = row[2].value_or("");
    view.status = row[3].value_or("");
    ++view.rows;
    for (const auto& b : sql.rows("SELECT b.path, sb.worker_status FROM georep_session_bricks sb "
                                  "JOIN georep_bricks b ON b.id = sb.brick_id WHERE sb.session_id = $1",
                                  {row[0].value_or("0")}))
      view.workers[b[0].value_or("")] = b[1].value_or("");
  }
  return out;
}

std::map<std::string, std::vector<std::string>> databaseBricks(e2e::SqlProbe& sql, const std::string& cluster) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& row : sql.rows("SELECT v.name, b.path FROM georep_bricks b JOIN georep_volumes v ON v.id = b.volume_id "
                                  "JOIN clusters c ON c.id = v.cluster_id WHERE c.name = $1 ORDER BY v.name, b.position",
                                  {cluster}))
    out[row[0].value_or("")].push_back(row[1].value_or(""));
  return out;
}

std::set<std::string> volumesOnlyOn(e2e::SqlProbe& sql, const std::string& cluster, const std::string& host) {
  std::set<std::string> out;
  for (const auto& row : sql.rows("SELECT v.name FROM georep_volumes v JOIN clusters c ON c.id = v.cluster_id "
                                  "JOIN georep_bricks b ON b.volume_id = v.id WHERE c.name = $1 "
                                  "GROUP BY v.name HAVING bool_and(b.host = $2)",
                                  {cluster, host}))
    out.insert(row[0].value_or(""));
  return out;
}

std::string differences(const SessionsView& gluster, const SessionsView& database,
                        const std::set<std::string>& leftOut) {
  std::ostringstream os;
  for (const auto& [key, g] : gluster) {
    if (leftOut.count(key.first)) continue;
    const auto it = database.find(key);
    if (it == database.end()) {
      os << "session " << key.first << " -> " << key.second << " is in GlusterFS, not in the database; ";
      continue;
    }
    if (it->second.rows != 1) os << "session " << key.first << " -> " << key.second << " has " << it->second.rows << " rows; ";
    if (it->second.workers != g.workers) {
      os << "workers of " << key.first << " -> " << key.second << ": GlusterFS {";
      for (const auto& [p, s] : g.workers) os << p << "=" << s << " ";
      os << "} database {";
      for (const auto& [p, s] : it->second.workers) os << p << "=" << s << " ";
      os << "}; ";
    }
  }
  for (const auto& [key, d] : database)
    if (!leftOut.count(key.first) && !gluster.count(key)) os << "session " << key.first << " -> " << key.second << " is in the database only; ";
  return os.str();
}

double Convergence::done() {
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::cerr << "[ chaos ] convergence: " << what_ << ": " << std::fixed << std::setprecision(1) << s << " s\n";
  return s;
}

}  // namespace georep::testing::chaos
