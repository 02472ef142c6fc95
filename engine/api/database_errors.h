// isDatabaseUnavailable(): whether an exception says PostgreSQL cannot be reached or the connection died
// (SQLSTATE class 08, 57P01-57P03, SOCI's connection_error category, libpq's connection messages), so
// that the engine and plugins report it as `unavailable` (retry later), never as `internal`.
// Include it only where such errors are caught (it pulls in the SOCI PostgreSQL backend header).
// Thread-safety: a pure function.
#pragma once

#include <array>
#include <exception>
#include <string>
#include <string_view>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

namespace georep::api {

inline bool isDatabaseUnavailable(const std::exception& error) noexcept {
  const auto* soci = dynamic_cast<const soci::soci_error*>(&error);
  if (soci == nullptr) return false;  // only database errors are considered
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&error)) {
    const std::string state = pg->sqlstate();
    if (state.rfind("08", 0) == 0 || state == "57P01" || state == "57P02" || state == "57P03") return true;
  }
  if (soci->get_error_category() == soci::soci_error::connection_error) return true;
  // libpq reports a lost connection with no SQLSTATE; recognise its messages.
  static constexpr std::array<std::string_view, 7> kMessages{
      "server closed the connection unexpectedly", "no connection to the server", "connection to server",
      "Cannot establish connection", "could not connect to server", "terminating connection",
      "could not send data to server"};
  const std::string_view what = error.what();
  for (const auto m : kMessages) {
    if (what.find(m) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace georep::api
