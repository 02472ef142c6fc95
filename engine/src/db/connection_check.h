// Telling a lost PostgreSQL connection from other database failures:
//  - connectionLooksAlive(): a cheap check of an IDLE pooled session, without a round trip (libpq status,
//    then a non-blocking read of whatever the server sent: after a restart it has sent a termination
//    notice and closed the socket).
//  - isConnectionLoss(): whether an exception says the server cannot be reached or the connection
//    died (SQLSTATE class 08, 57P01-57P03, libpq's connection messages), so callers report `unavailable`
//    rather than `internal`.
// Thread-safety: pure functions; connectionLooksAlive() must only be given a session the caller holds.
#pragma once

#include <exception>

namespace soci {
class session;
}

namespace georep::engine {

bool connectionLooksAlive(soci::session& sql) noexcept;

bool isConnectionLoss(const std::exception& error) noexcept;

}  // namespace georep::engine
