#include "harness/sql_probe.h"

#include <libpq-fe.h>

#include <stdexcept>

namespace georep::testing::e2e {

SqlProbe::SqlProbe(const std::string& connectString) : conn_(PQconnectdb(connectString.c_str())) {
  if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
    const std::string message = conn_ != nullptr ? PQerrorMessage(conn_) : "out of memory";
    if (conn_ != nullptr) PQfinish(conn_);
    conn_ = nullptr;
    throw std::runtime_error("cannot connect to the test database: " + message);
  }
}

SqlProbe::~SqlProbe() {
  if (conn_ != nullptr) PQfinish(conn_);
}

std::vector<SqlRow> SqlProbe::rows(const std::string& sql, const std::vector<std::string>& params) {
  std::vector<const char*> values;
  for (const auto& p : params) values.push_back(p.c_str());
  PGresult* res = PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                               nullptr, 0);
  const auto status = PQresultStatus(res);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    const std::string message = PQresultErrorMessage(res);
    PQclear(res);
    throw std::runtime_error("SQL failed: " + message + " in: " + sql);
  }
  std::vector<SqlRow> out;
  for (int r = 0; r < PQntuples(res); ++r) {
    SqlRow row;
    for (int c = 0; c < PQnfields(res); ++c) {
      if (PQgetisnull(res, r, c)) row.emplace_back(std::nullopt);
      else row.emplace_back(std::string(PQgetvalue(res, r, c), static_cast<std::size_t>(PQgetlength(res, r, c))));
    }
    out.push_back(std::move(row));
  }
  PQclear(res);
  return out;
}

std::optional<std::string> SqlProbe::scalar(const std::string& sql, const std::vector<std::string>& params) {
  const auto result = rows(sql, params);
  if (result.empty() || result.front().empty()) return std::nullopt;
  return result.front().front();
}

long long SqlProbe::count(const std::string& sql, const std::vector<std::string>& params) {
  const auto value = scalar(sql, params);
  return value ? std::stoll(*value) : 0;
}

}  // namespace georep::testing::e2e
