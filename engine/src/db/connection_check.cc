#include "engine/src/db/connection_check.h"

#include <poll.h>

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

}  // namespace georep::engine
