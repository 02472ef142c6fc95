// connectionLooksAlive(): a cheap check of an IDLE pooled session, without a round trip (libpq status,
// then a non-blocking read of whatever the server sent: after a restart it has sent a termination notice
// and closed the socket). Telling a lost connection from an exception: engine/api/database_errors.h.
// Thread-safety: a pure function; give it only a session the caller holds.
#pragma once

namespace soci {
class session;
}

namespace georep::engine {

bool connectionLooksAlive(soci::session& sql) noexcept;

}  // namespace georep::engine
