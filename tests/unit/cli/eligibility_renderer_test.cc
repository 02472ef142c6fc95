// georepctl's table of georep.session.eligibility results (cli/eligibility_renderer.h), through
// renderResult as the verbs print it.
#include "cli/eligibility_renderer.h"

#include <gtest/gtest.h>

#include "cli/result_renderer.h"

namespace georep::cli {
namespace {

using nlohmann::json;

TEST(EligibilityRenderer, OneRowPerReasonTheCandidateOnItsFirst) {
  const json result = json::parse(R"({"master_volume":"labprimary","secondary_host":"vm","secondary_user":"root",
    "secondary_cluster":"lab","candidates":[
      {"volume":"labsecondary1","cluster":"lab","eligible":false,"reasons":[
        {"code":"same_cluster","message":"same pool","blocking":true},
        {"code":"already_secondary","message":"session 3","blocking":true}]},
      {"volume":"drvol","cluster":"lab","eligible":true,"reasons":[]}]})");
  ASSERT_TRUE(isEligibilityReport(result));
  EXPECT_EQ(renderResult(result),
            "primary volume labprimary, secondary host vm (user root): cluster lab\n"
            "VOLUME         CLUSTER  ELIGIBLE  BLOCKS  REASON             MESSAGE\n"
            "labsecondary1  lab      no        yes     same_cluster       same pool\n"
            "                                  yes     already_secondary  session 3\n"
            "drvol          lab      yes\n");
}

TEST(EligibilityRenderer, UnregisteredHostAndNoCandidateSaySo) {
  const json result = json::parse(R"({"master_volume":"p","secondary_host":"dr9","secondary_user":"geo",
    "secondary_cluster":null,"candidates":[]})");
  EXPECT_EQ(renderResult(result),
            "primary volume p, secondary host dr9 (user geo): no registered cluster, its glusterd is not read\n"
            "(no candidate volumes)\n");
}

TEST(EligibilityRenderer, ServerTextCannotDriveTheTerminal) {
  const json result = json::parse(R"({"master_volume":"p\u001b[31m","secondary_host":"h","secondary_user":"root",
    "secondary_cluster":"c","candidates":[{"volume":"v","cluster":"c","eligible":false,
    "reasons":[{"code":"not_empty","message":"holds \u001b[2Jx","blocking":true}]}]})");
  const std::string out = renderResult(result);
  EXPECT_EQ(out.find('\x1b'), std::string::npos) << out;
}

}  // namespace
}  // namespace georep::cli
