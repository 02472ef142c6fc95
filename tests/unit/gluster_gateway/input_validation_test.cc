// Input validation: host names and addresses, user names, ports, argv, and how values are shown in
// error messages.
#include "gluster/input_validation.h"

#include <gtest/gtest.h>

#include "gluster/errors.h"

namespace georep::gluster {
namespace {

ErrorKind kindOf(void (*fn)(std::string_view, std::string_view), std::string_view value) {
  try {
    fn(value, "f");
  } catch (const GatewayError& e) {
    EXPECT_EQ(e.field(), "f");
    return e.kind();
  }
  return ErrorKind::kRefused;  // "accepted" marker for the tests below
}

bool accepted(void (*fn)(std::string_view, std::string_view), std::string_view value) {
  return kindOf(fn, value) == ErrorKind::kRefused;
}

TEST(InputValidation, HostNames) {
  for (const char* ok : {"vm", "gluster-1.example.com", "10.0.0.1", "::1", "fd00::10", "2001:db8::1", "a1.b2",
                         "xn--bcher-kva.example"}) {
    EXPECT_TRUE(accepted(validateHostName, ok)) << ok;
  }
  for (const char* bad : {"", "-vm", "vm-", "a..b", ".vm", "vm.", "under_score", "256.1.1.1", "1.2.3", "host:22",
                          "[::1]", "fe80::1%eth0", "h st", "h;st", "h\nst", "\xc3\xbc.example"}) {
    EXPECT_EQ(kindOf(validateHostName, bad), ErrorKind::kInvalidInput) << bad;
  }
  EXPECT_TRUE(accepted(validateHostName, std::string(63, 'a') + ".b"));
  EXPECT_FALSE(accepted(validateHostName, std::string(64, 'a') + ".b"));
  std::string name;
  while (name.size() < 250) name += "abcdefghi.";
  name += "abc";  // 253 characters
  EXPECT_TRUE(accepted(validateHostName, name.substr(0, 253)));
  EXPECT_FALSE(accepted(validateHostName, name + "d"));
}

TEST(InputValidation, SecondaryHostRefusesIpv6) {
  EXPECT_TRUE(accepted(validateSecondaryHost, "backup.example.com"));
  EXPECT_TRUE(accepted(validateSecondaryHost, "192.0.2.7"));
  EXPECT_EQ(kindOf(validateSecondaryHost, "2001:db8::7"), ErrorKind::kInvalidInput);
}

TEST(InputValidation, UserNames) {
  for (const char* ok : {"root", "geoaccount", "geo.user", "geo_user-1", "_svc", "A1"}) {
    EXPECT_TRUE(accepted(validateUserName, ok)) << ok;
  }
  for (const char* bad : {"", "-root", "ro ot", "root@host", "root:x", "r$(id)", "us\ner", "\xc3\xbcser"}) {
    EXPECT_EQ(kindOf(validateUserName, bad), ErrorKind::kInvalidInput) << bad;
  }
  EXPECT_TRUE(accepted(validateUserName, std::string(32, 'u')));
  EXPECT_FALSE(accepted(validateUserName, std::string(33, 'u')));
}

TEST(InputValidation, Ports) {
  EXPECT_NO_THROW(validatePort(1));
  EXPECT_NO_THROW(validatePort(65535));
  EXPECT_THROW(validatePort(0), GatewayError);
  EXPECT_THROW(validatePort(-22), GatewayError);
  EXPECT_THROW(validatePort(65536), GatewayError);
}

TEST(InputValidation, ArgvMustBeNonEmptyWithoutNul) {
  EXPECT_NO_THROW(validateArgv({"gluster", "", "x y"}));
  EXPECT_THROW(validateArgv({}), GatewayError);
  EXPECT_THROW(validateArgv({""}), GatewayError);
  try {
    validateArgv({"gluster", std::string("a\0b", 3)});
    FAIL();
  } catch (const GatewayError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInvalidInput);
    EXPECT_EQ(e.field(), "argv");
  }
}

TEST(InputValidation, PrintableValueEscapesAndShortens) {
  EXPECT_EQ(printableValue("a\nb\tc\x1b"), "a\\nb\\tc\\x1b");
  EXPECT_EQ(printableValue("\xc3\xbc"), "\\xc3\\xbc");
  EXPECT_EQ(printableValue(std::string(100, 'x'), 10), std::string(10, 'x') + "...");
}

}  // namespace
}  // namespace georep::gluster
