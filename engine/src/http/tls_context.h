// Building the server's TLS context (OpenSSL through boost::asio::ssl) from a PEM certificate chain and a
// PEM private key: TLS 1.2 and newer only, the key checked against the certificate at start-up.
// Thread-safety: makeServerTlsContext() is a pure factory; the context it returns is shared read-only by
// every TLS connection (OpenSSL contexts are safe to use from several threads once configured).
#pragma once

#include <filesystem>
#include <memory>

namespace boost::asio::ssl {
class context;
}

namespace georep::engine {

// Throws std::runtime_error naming the file and OpenSSL's reason when a file cannot be read or used.
std::shared_ptr<boost::asio::ssl::context> makeServerTlsContext(const std::filesystem::path& certificateChain,
                                                                const std::filesystem::path& privateKey);

}  // namespace georep::engine
