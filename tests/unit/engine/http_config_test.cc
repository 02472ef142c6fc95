// EngineConfig's http.* keys beyond address and port: TLS files, I/O threads, limits and timeouts, their
// defaults, the pool-sized command limit, and bad values refused by name.
#include <gtest/gtest.h>

#include "engine/src/config/engine_config.h"

namespace georep::engine {
namespace {

using nlohmann::json;

EngineConfig configWith(const json& http, std::size_t poolSize = 8) {
  json file{{"database", {{"connect", "dbname=g"}, {"pool_size", poolSize}}}};
  if (!http.is_null()) file["http"] = http;
  return makeEngineConfig(file, "/etc/georep", [](const char*) { return std::optional<std::string>(); });
}

std::string errorOf(const json& http) {
  try {
    configWith(http);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(HttpConfig, DefaultsAreSafeAndCommandsFollowThePoolSizeLessWhatJobsKeep) {
  const auto c = configWith(nullptr, 12);
  EXPECT_EQ(c.http.address, "127.0.0.1");
  EXPECT_EQ(c.http.port, 8470);
  EXPECT_TRUE(c.http.tlsCertificate.empty());
  EXPECT_EQ(c.http.ioThreads, 2u);
  EXPECT_EQ(c.http.maxCommandsInFlight, 12u - EngineConfig::kPoolKeptForJobs);
  EXPECT_EQ(configWith(nullptr, 3).http.maxCommandsInFlight, 1u);
  EXPECT_EQ(c.http.maxQueuedRequests, 64u);
  EXPECT_EQ(c.http.maxBufferedBodyBytes, 256u << 20);
  EXPECT_EQ(c.http.maxConnections, 4096u);
  EXPECT_EQ(c.http.maxConnectionsPerAddress, 64u);
  EXPECT_EQ(c.http.maxBodyBytes, 1u << 20);
  EXPECT_EQ(c.http.maxHeaderBytes, 16u * 1024);
  EXPECT_EQ(c.http.headerTimeoutSeconds, 10u);
  EXPECT_EQ(c.http.bodyTimeoutSeconds, 30u);
  EXPECT_EQ(c.http.readTimeoutSeconds, 30u);
}

TEST(HttpConfig, ReadsEveryKeyAndResolvesTlsFilesAgainstTheConfigDirectory) {
  const auto c = configWith({{"address", "0.0.0.0"},
                             {"port", 8443},
                             {"tls_certificate", "tls/cert.pem"},
                             {"tls_private_key", "/etc/ssl/private/georep.key"},
                             {"io_threads", 4},
                             {"max_commands_in_flight", 3},
                             {"max_queued_requests", 10},
                             {"max_buffered_body_bytes", 64 << 20},
                             {"max_connections", 20000},
                             {"max_connections_per_address", 16},
                             {"max_body_bytes", 4096},
                             {"max_header_bytes", 8192},
                             {"header_timeout_seconds", 5},
                             {"body_timeout_seconds", 20},
                             {"idle_timeout_seconds", 120}});
  EXPECT_EQ(c.http.address, "0.0.0.0");
  EXPECT_EQ(c.http.port, 8443);
  EXPECT_EQ(c.http.tlsCertificate, "/etc/georep/tls/cert.pem");
  EXPECT_EQ(c.http.tlsPrivateKey, "/etc/ssl/private/georep.key");
  EXPECT_EQ(c.http.ioThreads, 4u);
  EXPECT_EQ(c.http.maxCommandsInFlight, 3u);
  EXPECT_EQ(c.http.maxQueuedRequests, 10u);
  EXPECT_EQ(c.http.maxBufferedBodyBytes, 64u << 20);
  EXPECT_EQ(c.http.maxConnections, 20000u);
  EXPECT_EQ(c.http.maxConnectionsPerAddress, 16u);
  EXPECT_EQ(c.http.maxBodyBytes, 4096u);
  EXPECT_EQ(c.http.maxHeaderBytes, 8192u);
  EXPECT_EQ(c.http.headerTimeoutSeconds, 5u);
  EXPECT_EQ(c.http.bodyTimeoutSeconds, 20u);
  EXPECT_EQ(c.http.readTimeoutSeconds, 120u);
}

TEST(HttpConfig, BadValuesAreRefusedByName) {
  EXPECT_NE(errorOf({{"tls_certificate", "c.pem"}}).find("tls_private_key"), std::string::npos);
  EXPECT_NE(errorOf({{"io_threads", 0}}).find("http.io_threads"), std::string::npos);
  EXPECT_NE(errorOf({{"max_connections_per_address", -1}}).find("http.max_connections_per_address"),
            std::string::npos);
  EXPECT_NE(errorOf({{"header_timeout_seconds", "10"}}).find("http.header_timeout_seconds"), std::string::npos);
  EXPECT_NE(errorOf({{"max_body_byte", 10}}).find("unknown key http.max_body_byte"), std::string::npos);
}

}  // namespace
}  // namespace georep::engine
