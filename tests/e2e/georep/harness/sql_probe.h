// SqlProbe: read-only SQL against the engine's database, to assert what an operator would see in the
// plugin's tables. libpq, parameters bound ($1, $2, ...), every value as text (NULL as std::nullopt).
// Thread-safety: one connection; use from one thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

struct pg_conn;

namespace georep::testing::e2e {

using SqlRow = std::vector<std::optional<std::string>>;

class SqlProbe {
 public:
  explicit SqlProbe(const std::string& connectString);
  ~SqlProbe();
  SqlProbe(const SqlProbe&) = delete;
  SqlProbe& operator=(const SqlProbe&) = delete;

  // Throws std::runtime_error with the server's message when the query fails.
  std::vector<SqlRow> rows(const std::string& sql, const std::vector<std::string>& params = {});
  // The first column of the first row; std::nullopt when there is no row or it is NULL.
  std::optional<std::string> scalar(const std::string& sql, const std::vector<std::string>& params = {});
  long long count(const std::string& sql, const std::vector<std::string>& params = {});

 private:
  pg_conn* conn_ = nullptr;
};

}  // namespace georep::testing::e2e
