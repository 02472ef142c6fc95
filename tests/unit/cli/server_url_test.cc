// Server URL parsing for --url / GEOREP_URL.
#include "cli/server_url.h"

#include <gtest/gtest.h>

namespace georep::cli {
namespace {

TEST(ServerUrl, TheDefaultIsLoopback8470) {
  const ServerUrl url = ServerUrl::parse(kDefaultServerUrl);
  EXPECT_EQ(url.host, "127.0.0.1");
  EXPECT_EQ(url.port, 8470);
  EXPECT_EQ(url.prefix, "");
  EXPECT_EQ(url.hostHeader(), "127.0.0.1:8470");
}

TEST(ServerUrl, HostsPortsPrefixes) {
  EXPECT_EQ(ServerUrl::parse("http://localhost").port, 80);
  EXPECT_EQ(ServerUrl::parse("http://localhost").hostHeader(), "localhost");
  const ServerUrl v6 = ServerUrl::parse("http://[::1]:9000/");
  EXPECT_EQ(v6.host, "::1");
  EXPECT_EQ(v6.port, 9000);
  EXPECT_EQ(v6.prefix, "");
  EXPECT_EQ(v6.hostHeader(), "[::1]:9000");
  EXPECT_EQ(ServerUrl::parse("http://h:1/georep/").prefix, "/georep");
}

TEST(ServerUrl, BadUrlsAreRefusedWithTheReason) {
  auto reason = [](const char* url) -> std::string {
    try {
      ServerUrl::parse(url);
    } catch (const UrlError& e) {
      return e.what();
    }
    return "(accepted)";
  };
  EXPECT_NE(reason("https://h").find("https is not supported"), std::string::npos);
  EXPECT_NE(reason("127.0.0.1:8470").find("http://"), std::string::npos);
  EXPECT_NE(reason("http://:80").find("no host"), std::string::npos);
  EXPECT_NE(reason("http://h:0").find("port"), std::string::npos);
  EXPECT_NE(reason("http://h:70000").find("port"), std::string::npos);
  EXPECT_NE(reason("http://h:x").find("port"), std::string::npos);
  EXPECT_NE(reason("http://h:").find("empty port"), std::string::npos);
  EXPECT_NE(reason("http://[::1").find("unclosed"), std::string::npos);
  EXPECT_NE(reason("http://u:p@h").find("credentials"), std::string::npos);
  EXPECT_NE(reason("http://h/x?y=1").find("query"), std::string::npos);
}

}  // namespace
}  // namespace georep::cli
