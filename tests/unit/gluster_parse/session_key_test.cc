// parseSessionKey and formatSecondaryUrl: the key glusterd lists in status, good and hostile.
#include <gtest/gtest.h>

#include <string>

#include "gluster/errors.h"
#include "gluster/session_key.h"
#include "test_util.h"

namespace georep::gluster {
namespace {

using test::errorOf;

TEST(SessionKey, RootSecondary) {
  const SessionKey k =
      parseSessionKey("6661d41d-619e-467f-8b44-0f4066203ac7:ssh://vm::slavevol:40f418a6-f1fd-4f38-b70f-001c1121d300");
  EXPECT_EQ(k.raw, "6661d41d-619e-467f-8b44-0f4066203ac7:ssh://vm::slavevol:40f418a6-f1fd-4f38-b70f-001c1121d300");
  EXPECT_EQ(k.creatorUuid, "6661d41d-619e-467f-8b44-0f4066203ac7");
  EXPECT_EQ(k.secondaryUser, "root");
  EXPECT_EQ(k.secondaryHost, "vm");
  EXPECT_EQ(k.secondaryVolume, "slavevol");
  EXPECT_EQ(k.secondaryVolumeUuid, "40f418a6-f1fd-4f38-b70f-001c1121d300");
}

TEST(SessionKey, UserAndFqdnAndIpv6) {
  const SessionKey k = parseSessionKey(
      "6661d41d-619e-467f-8b44-0f4066203ac7:ssh://geoaccount@dr-1.example.com::gv0_dr:40f418a6-f1fd-4f38-b70f-001c1121d300");
  EXPECT_EQ(k.secondaryUser, "geoaccount");
  EXPECT_EQ(k.secondaryHost, "dr-1.example.com");
  EXPECT_EQ(k.secondaryVolume, "gv0_dr");
  const SessionKey v6 = parseSessionKey(
      "6661d41d-619e-467f-8b44-0f4066203ac7:ssh://fd00::12::gv0:40f418a6-f1fd-4f38-b70f-001c1121d300");
  EXPECT_EQ(v6.secondaryHost, "fd00::12");
  EXPECT_EQ(v6.secondaryVolume, "gv0");
}

TEST(SessionKey, BadKeysAreMalformed) {
  const char* bad[] = {
      "",
      "vm::slavevol",
      "6661d41d-619e-467f-8b44-0f4066203ac7",
      "6661d41d-619e-467f-8b44-0f4066203ac7:ssh://",
      "6661d41d-619e-467f-8b44-0f4066203ac7:ssh://vm::slavevol",                                       // no vol uuid
      "6661d41d-619e-467f-8b44-0f4066203ac7:ssh://vm::slavevol:",                                      // empty uuid
      "6661d41d-619e-467f-8b44-0f4066203ac7:ssh://vm::slavevol:nope",                                  // bad uuid
      "6661d41d-619e-467f-8b44-0f4066203ac7:gluster://vm::slavevol:40f418a6-f1fd-4f38-b70f-001c1121d300",  // scheme
      "zzzzzzzz-619e-467f-8b44-0f4066203ac7:ssh://vm::slavevol:40f418a6-f1fd-4f38-b70f-001c1121d300",  // creator
      "6661d41d-619e-467f-8b44-0f4066203ac7:ssh://vm:slavevol:40f418a6-f1fd-4f38-b70f-001c1121d300",   // single :
      "6661d41d-619e-467f-8b44-0f4066203ac7:ssh://::slavevol:40f418a6-f1fd-4f38-b70f-001c1121d300",    // no host
      "6661d41d-619e-467f-8b44-0f4066203ac7:ssh://vm:::40f418a6-f1fd-4f38-b70f-001c1121d300",          // no volume
      "6661d41d-619e-467f-8b44-0f4066203ac7:ssh://@vm::s:40f418a6-f1fd-4f38-b70f-001c1121d300",        // empty user
      "6661d41d-619e-467f-8b44-0f4066203ac7:ssh://a@b@vm::s:40f418a6-f1fd-4f38-b70f-001c1121d300",     // two @
      "6661d41d-619e-467f-8b44-0f4066203ac7:ssh://v m::s:40f418a6-f1fd-4f38-b70f-001c1121d300",        // space
      "6661d41d-619e-467f-8b44-0f4066203ac7:ssh://vm::s;rm -rf /:40f418a6-f1fd-4f38-b70f-001c1121d300",
      "6661d41d-619e-467f-8b44-0f4066203ac7:ssh://vm::s\n:40f418a6-f1fd-4f38-b70f-001c1121d300",
  };
  for (const char* key : bad) {
    const GatewayError e = errorOf([&] { parseSessionKey(key); }, key);
    EXPECT_EQ(e.kind(), ErrorKind::kMalformedXml) << key;
  }
}

TEST(SessionKey, FormatSecondaryUrl) {
  EXPECT_EQ(formatSecondaryUrl("root", "vm", "slavevol"), "vm::slavevol");
  EXPECT_EQ(formatSecondaryUrl("", "vm", "slavevol"), "vm::slavevol");
  EXPECT_EQ(formatSecondaryUrl("geoaccount", "dr1", "gv0"), "geoaccount@dr1::gv0");
}

}  // namespace
}  // namespace georep::gluster
