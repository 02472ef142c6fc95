#include "engine/src/http/tls_context.h"

#include <openssl/ssl.h>

#include <stdexcept>
#include <string>

#include <boost/asio/ssl/context.hpp>

namespace georep::engine {

std::shared_ptr<boost::asio::ssl::context> makeServerTlsContext(const std::filesystem::path& certificateChain,
                                                                const std::filesystem::path& privateKey) {
  namespace ssl = boost::asio::ssl;
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                       ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
  if (SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION) != 1)
    throw std::runtime_error("http: cannot restrict TLS to version 1.2 and newer");
  boost::system::error_code ec;
  context->use_certificate_chain_file(certificateChain.string(), ec);
  if (ec)
    throw std::runtime_error("http: cannot use the TLS certificate " + certificateChain.string() + ": " +
                             ec.message());
  context->use_private_key_file(privateKey.string(), ssl::context::pem, ec);
  if (ec)
    throw std::runtime_error("http: cannot use the TLS private key " + privateKey.string() + ": " + ec.message());
  if (SSL_CTX_check_private_key(context->native_handle()) != 1)
    throw std::runtime_error("http: the TLS private key " + privateKey.string() + " does not match the certificate " +
                             certificateChain.string());
  return context;
}

}  // namespace georep::engine
