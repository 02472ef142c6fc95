#include "engine/src/db/connection_check.h"

#include <poll.h>

#include <array>
#include <string_view>

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

namespace georep::engine {

bool connectionLooksAlive(soci::session& sql) noexcept {
  // libsoci_postgresql exports no typeinfo for its session backend: check it by name, then downcast.
  if (sql.get_backend() == nullptr || sql.get_backend_name() != "postgresql") return false;
  auto* backend = static_cast<soci::postgresql_session_backend*>(sql.get_backend());
  if (backend->conn_ == nullptr) return false;
  PGconn* conn = backend->conn_;
  if (PQstatus(conn) != CONNECTION_OK) return false;
  const int fd = PQsocket(conn);
  if (fd < 0) return false;
  pollfd p{fd, POLLIN, 0};
  const int ready = ::poll(&p, 1, 0);
  if (ready < 0) return false;
  if (ready == 0) return true;  // nothing pending on an idle connection: fine
  if ((p.revents & (POLLERR | POLLHUP | POLLNVAL)) != 0) return false;
  // Something arrived while idle: a notice, a notification, or the server's goodbye then EOF.
  if (PQconsumeInput(conn) == 0) return false;
  return PQstatus(conn) == CONNECTION_OK;
}

bool isConnectionLoss(const std::exception& error) noexcept {
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&error)) {
    const std::string state = pg->sqlstate();
    if (state.rfind("08", 0) == 0 || state == "57P01" || state == "57P02" || state == "57P03") return true;
  }
  if (const auto* soci = dynamic_cast<const soci::soci_error*>(&error)) {
    if (soci->get_error_category() == soci::soci_error::connection_error) return true;
  } else {
    return false;  // only database errors are considered
  }
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

}  // namespace georep::engine
